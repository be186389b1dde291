package org.affiliateledger.command.payout;

import org.affiliateledger.command.affiliate.AffiliateReferences;
import org.affiliateledger.command.payout.PayoutCommandController.Batch;
import org.affiliateledger.command.payout.PayoutCommandController.CreatedPayout;
import org.affiliateledger.command.payout.PayoutCommandController.Transition;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.payout.CreatePayout;
import org.affiliateledger.events.payout.MarkPayoutFailed;
import org.affiliateledger.events.payout.MarkPayoutPaid;
import org.affiliateledger.events.payout.MarkPayoutSent;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutStatus;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.ResponseEntity;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Payouts over HTTP: one affiliate's, a batch of every payable balance (skipping the refused ones), and the transitions. */
class PayoutCommandControllerTest {
    private static final String MER = "mer_1";
    private static final String PAY = "pay_01hzy8xv4q6n2r5t7w9y1b3d5f";
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private static final ApiCaller CALLER = new ApiCaller("key_1", MER, Set.of("write"));

    private final CommandGateway commands = mock(CommandGateway.class);
    private final PayoutLedger ledger = mock(PayoutLedger.class);
    private final AffiliateReferences affiliates = mock(AffiliateReferences.class);
    private final PayoutCommandController controller = new PayoutCommandController(commands, new PayoutBatches(commands, ledger), affiliates);

    private static PayoutCreated created(String affiliateId, String currency, String batchId) {
        return new PayoutCreated(PAY, MER, affiliateId, batchId, currency, 1_000, List.of("com_1", "com_2"), AT);
    }

    @Test
    void createsAPayoutForTheAffiliateNamedByIdOrShortCode() {
        when(affiliates.resolve(MER, "jane")).thenReturn("aff_1");
        when(commands.sendAndWait(any())).thenReturn(created("aff_1", "EUR", null));

        ResponseEntity<CreatedPayout> answer = controller.create(CALLER, new PayoutCommandController.CreateRequest("jane", "eur"));

        ArgumentCaptor<CreatePayout> command = ArgumentCaptor.forClass(CreatePayout.class);
        verify(commands).sendAndWait(command.capture());
        assertThat(command.getValue().merchantId()).isEqualTo(MER);
        assertThat(command.getValue().affiliateId()).isEqualTo("aff_1");
        assertThat(command.getValue().currency()).isEqualTo("EUR");
        assertThat(command.getValue().batchId()).isNull();
        assertThat(command.getValue().payoutId()).startsWith("pay_");
        assertThat(answer.getStatusCode().value()).isEqualTo(201);
        assertThat(answer.getHeaders().getLocation()).hasToString("/api/v1/payouts/" + PAY);
        assertThat(answer.getBody()).isEqualTo(new CreatedPayout(PAY, "aff_1", null, "EUR", 1_000, 2, List.of("com_1", "com_2"),
                "created", "2026-03-01T10:00:00.000Z"));
    }

    @Test
    void withoutACurrencyThePayoutIsInTheProgramCurrency() {
        when(affiliates.resolve(MER, "aff_1")).thenReturn("aff_1");
        when(commands.sendAndWait(any())).thenReturn(created("aff_1", "USD", null));
        controller.create(CALLER, new PayoutCommandController.CreateRequest("aff_1", null));
        verify(commands).sendAndWait(argThat(command -> command instanceof CreatePayout c && c.currency() == null));
    }

    @Test
    void aBatchPaysEveryEligibleBalanceAndSaysWhyItSkippedTheOthers() {
        when(ledger.eligibleAccounts(MER, "USD")).thenReturn(List.of(new PayoutLedger.Account("aff_1", "USD"),
                new PayoutLedger.Account("aff_2", "USD")));
        when(commands.sendAndWait(argThat(c -> c instanceof CreatePayout p && p.affiliateId().equals("aff_1"))))
                .thenAnswer(call -> created("aff_1", "USD", ((CreatePayout) call.getArgument(0)).batchId()));
        when(commands.sendAndWait(argThat(c -> c instanceof CreatePayout p && p.affiliateId().equals("aff_2"))))
                .thenThrow(new UnprocessableException("below the minimum"));

        Batch batch = controller.batch(CALLER, new PayoutCommandController.BatchRequest("usd"));

        assertThat(batch.batchId()).startsWith("pob_");
        assertThat(batch.payouts()).extracting(CreatedPayout::affiliateId).containsExactly("aff_1");
        assertThat(batch.payouts().get(0).batchId()).isEqualTo(batch.batchId());
        assertThat(batch.skipped()).containsExactly(new PayoutCommandController.Skipped("aff_2", "USD", "below the minimum"));
    }

    @Test
    void aBatchWithoutACurrencyPaysEveryCurrency() {
        when(ledger.eligibleAccounts(MER, null)).thenReturn(List.of());
        assertThat(controller.batch(CALLER, null).payouts()).isEmpty();
        assertThat(controller.batch(CALLER, new PayoutCommandController.BatchRequest(null)).skipped()).isEmpty();
        verifyNoInteractions(commands);
    }

    @Test
    void markingSentKeepsTheExternalReference() {
        when(commands.sendAndWait(any())).thenReturn(PayoutStatus.SENT);
        assertThat(controller.sent(CALLER, PAY, new PayoutCommandController.SentRequest("WIRE-1")))
                .isEqualTo(new Transition(PAY, "sent"));
        verify(commands).sendAndWait(new MarkPayoutSent(PAY, MER, "WIRE-1"));
        controller.sent(CALLER, PAY, null);
        verify(commands).sendAndWait(new MarkPayoutSent(PAY, MER, null));
    }

    @Test
    void markingPaidDatesTheEffectFromPaidAt() {
        when(commands.sendAndWait(any())).thenReturn(PayoutStatus.PAID);
        assertThat(controller.paid(CALLER, PAY, new PayoutCommandController.PaidRequest("2026-03-01T10:00:00Z")).status())
                .isEqualTo("paid");
        ArgumentCaptor<CommandMessage<?>> message = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands).sendAndWait(message.capture());
        assertThat(message.getValue().getPayload()).isEqualTo(new MarkPayoutPaid(PAY, MER));
        assertThat(message.getValue().getMetaData().get(AuditMetadata.EFFECTIVE_AT)).isEqualTo("2026-03-01T10:00:00Z");
    }

    @Test
    void markingPaidWithoutADateIsEffectiveWhenRecorded() {
        when(commands.sendAndWait(any())).thenReturn(PayoutStatus.PAID);
        controller.paid(CALLER, PAY, null);
        ArgumentCaptor<CommandMessage<?>> message = ArgumentCaptor.forClass(CommandMessage.class);
        verify(commands).sendAndWait(message.capture());
        assertThat(message.getValue().getPayload()).isEqualTo(new MarkPayoutPaid(PAY, MER));
        assertThat(message.getValue().getMetaData()).doesNotContainKey(AuditMetadata.EFFECTIVE_AT);
    }

    @Test
    void aPaidAtInTheFutureIsRefused() {
        assertThatThrownBy(() -> controller.paid(CALLER, PAY, new PayoutCommandController.PaidRequest("2999-01-01T00:00:00Z")))
                .isInstanceOf(InvalidRequestException.class);
        verifyNoInteractions(commands);
    }

    @Test
    void markingFailedKeepsTheReason() {
        when(commands.sendAndWait(any())).thenReturn(PayoutStatus.FAILED);
        assertThat(controller.failed(CALLER, PAY, new PayoutCommandController.FailedRequest("bounced")).status()).isEqualTo("failed");
        verify(commands).sendAndWait(new MarkPayoutFailed(PAY, MER, "bounced"));
        controller.failed(CALLER, PAY, null);
        verify(commands).sendAndWait(new MarkPayoutFailed(PAY, MER, null));
    }

    @Test
    void somethingThatIsNotAPayoutIdIsNotFound() {
        assertThatThrownBy(() -> controller.sent(CALLER, "com_1", null)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> controller.failed(CALLER, "com_1", null)).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(commands);
    }
}
