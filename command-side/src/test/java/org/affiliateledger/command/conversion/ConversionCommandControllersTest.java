package org.affiliateledger.command.conversion;

import org.affiliateledger.command.affiliate.AffiliateReferences;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.conversion.ConversionReceipt;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.RecordConversion;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * {@code POST /api/v1/conversions} and {@code POST /api/v1/events}: which {@code RecordConversion} each request becomes
 * (the affiliate by id or short code, or the click session), and the conversion answered from the receipt.
 */
class ConversionCommandControllersTest {
    private static final String MER = "mer_1";
    private static final ApiCaller CALLER = new ApiCaller("key_1", MER, Set.of("write"));
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final AffiliateReferences affiliates = mock(AffiliateReferences.class);
    private final ConversionCommandController conversions = new ConversionCommandController(commands, affiliates);
    private final EventCommandController events = new EventCommandController(commands, affiliates);

    @BeforeEach
    void janeIsAnAffiliate() {
        when(affiliates.resolve(MER, "jane")).thenReturn("aff_1");
    }

    private RecordConversion sent(int times) {
        ArgumentCaptor<RecordConversion> command = ArgumentCaptor.forClass(RecordConversion.class);
        verify(commands, times(times)).sendAndWait(command.capture());
        return command.getValue();
    }

    private static String code(Throwable refusal) {
        return ((LedgerException) refusal).code();
    }

    private static ConversionReceipt receipt(ConversionSource source, String externalId, String commissionId, String eventType) {
        return new ConversionReceipt("cnv_1", commissionId, 490, "aff_1", source, externalId, eventType, 4_900, "USD",
                commissionId == null ? null : "10", null, AT,
                commissionId == null ? List.of() : List.of(new ConversionReceipt.CreatedCommission(commissionId, "aff_1", 0, "10", 490)));
    }

    @Test
    void aManualConversionIsRecordedForTheAffiliateNamedAndAnsweredInFull() {
        when(commands.sendAndWait(any())).thenReturn(receipt(ConversionSource.MANUAL, "inv_1", "com_1", null));

        ResponseEntity<RecordedConversion> answer = conversions.record(CALLER, new ConversionCommandController.RecordRequest(
                "jane", 4_900L, "inv_1", "usd", null, "buyer@example.com"));

        RecordConversion command = sent(1);
        assertThat(command.merchantId()).isEqualTo(MER);
        assertThat(command.affiliateId()).isEqualTo("aff_1");
        assertThat(command.source()).isEqualTo(ConversionSource.MANUAL);
        assertThat(command.externalId()).isEqualTo("inv_1");
        assertThat(command.amountCents()).isEqualTo(4_900);
        assertThat(command.currency()).isEqualTo("USD");
        assertThat(command.customerEmail()).isEqualTo("buyer@example.com");
        assertThat(command.conversionId()).startsWith("cnv_");
        assertThat(command.commissionId()).startsWith("com_");
        assertThat(answer.getStatusCode().value()).isEqualTo(201);
        assertThat(answer.getHeaders().getLocation()).hasToString("/api/v1/conversions/" + command.conversionId());
        assertThat(answer.getBody()).isEqualTo(new RecordedConversion("cnv_1", "aff_1", "manual:inv_1", "manual", "inv_1",
                4_900, "USD", 490, "10", null, "com_1", "pending", null, "2026-03-01T10:00:00.000Z",
                List.of(new RecordedConversion.Commission("com_1", "aff_1", 0, "10", 490))));
    }

    @Test
    void aConversionByClickSessionNamesNoAffiliateAndKeepsTheCurrencyOpen() {
        when(commands.sendAndWait(any())).thenReturn(receipt(ConversionSource.MANUAL, null, "com_1", null));
        conversions.record(CALLER, new ConversionCommandController.RecordRequest(null, 4_900L, null, null, "ses_1", null));
        RecordConversion command = sent(1);
        assertThat(command.affiliateId()).isNull();
        assertThat(command.affiliateSessionId()).isEqualTo("ses_1");
        assertThat(command.currency()).isNull();
    }

    @Test
    void aConversionWithoutAffiliateOrSessionIsRefused() {
        assertThatThrownBy(() -> conversions.record(CALLER, new ConversionCommandController.RecordRequest(null, 4_900L, null,
                null, null, null)))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(code(e)).isEqualTo("attribution_required"));
        verifyNoInteractions(commands);
    }

    @Test
    void aConversionThatRacedTheFirstOneInTheCurrencyIsTriedAgainWithTheSameIds() {
        when(commands.sendAndWait(any())).thenThrow(new ConcurrencyException("merchant changed"))
                .thenReturn(receipt(ConversionSource.MANUAL, null, "com_1", null));
        conversions.record(CALLER, new ConversionCommandController.RecordRequest("jane", 4_900L, null, null, null, null));
        ArgumentCaptor<RecordConversion> command = ArgumentCaptor.forClass(RecordConversion.class);
        verify(commands, times(2)).sendAndWait(command.capture());
        assertThat(command.getAllValues().get(1)).isEqualTo(command.getAllValues().get(0));
    }

    @Test
    void anEventIsRecordedWithItsLowerCaseTypePayloadAndSession() {
        when(commands.sendAndWait(any())).thenReturn(receipt(ConversionSource.EVENT, "ext_1", null, "trial_started"));

        ResponseEntity<RecordedConversion> answer = events.record(CALLER, new EventCommandController.EventRequest(
                "Trial_Started", "ext_1", "ses_1", null, null, "eur", "buyer@example.com", Map.of("plan", "pro")));

        RecordConversion command = sent(1);
        assertThat(command.source()).isEqualTo(ConversionSource.EVENT);
        assertThat(command.eventType()).isEqualTo("trial_started");
        assertThat(command.externalId()).isEqualTo("ext_1");
        assertThat(command.affiliateId()).isNull();
        assertThat(command.affiliateSessionId()).isEqualTo("ses_1");
        assertThat(command.amountCents()).isZero();
        assertThat(command.currency()).isEqualTo("EUR");
        assertThat(command.payload()).isEqualTo("{\"plan\":\"pro\"}");
        assertThat(command.customerEmail()).isEqualTo("buyer@example.com");
        RecordedConversion body = answer.getBody();
        assertThat(body.commissionId()).isNull();
        assertThat(body.status()).as("no commission, no status").isNull();
        assertThat(body.eventType()).isEqualTo("trial_started");
        assertThat(body.source()).isEqualTo("event");
        assertThat(body.stripeChargeId()).isEqualTo("event:ext_1");
    }

    @Test
    void anEventForANamedAffiliateKeepsItsAmountAndNoPayload() {
        when(commands.sendAndWait(any())).thenReturn(receipt(ConversionSource.EVENT, null, "com_1", "signup"));
        events.record(CALLER, new EventCommandController.EventRequest("signup", null, null, "jane", 2_000L, null, null, null));
        RecordConversion command = sent(1);
        assertThat(command.affiliateId()).isEqualTo("aff_1");
        assertThat(command.amountCents()).isEqualTo(2_000);
        assertThat(command.currency()).isNull();
        assertThat(command.payload()).isNull();
    }

    @Test
    void anEventWithoutAffiliateOrCookieIsRefused() {
        assertThatThrownBy(() -> events.record(CALLER, new EventCommandController.EventRequest("signup", null, null, null,
                null, null, null, null)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("attribution_required"));
        verifyNoInteractions(commands);
    }
}
