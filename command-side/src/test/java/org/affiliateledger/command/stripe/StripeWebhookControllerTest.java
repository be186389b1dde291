package org.affiliateledger.command.stripe;

import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import tools.jackson.databind.json.JsonMapper;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The merchant's Stripe endpoint: only a known merchant with a signing secret, only a body Stripe signed with it,
 * only a Stripe event; a redelivered event answers what it did the first time; a new one is handled as the Stripe
 * event's doing, at the event's own time, and its outcome is logged.
 */
class StripeWebhookControllerTest {
    private static final String MER = "mer_01hzy8xv4q6n2r5t7w9y1b3d5f";
    private static final String SECRET = "whsec_test_secret";
    /** 2026-02-28T12:00:00Z */
    private static final long CREATED = 1772280000L;

    private final EventStore eventStore = mock(EventStore.class);
    private final MerchantSecrets secrets = mock(MerchantSecrets.class);
    private final StripeEventLog log = mock(StripeEventLog.class);
    private final StripeIngestion ingestion = mock(StripeIngestion.class);
    private final StripeWebhookController controller = new StripeWebhookController(eventStore, secrets, log, ingestion,
            JsonMapper.builder().build());
    private final MockHttpServletRequest request = new MockHttpServletRequest();

    @BeforeEach
    void aKnownMerchantWithASigningSecret() {
        RequestContextHolder.setRequestAttributes(new ServletRequestAttributes(request));
        when(eventStore.lastSequenceNumberFor(MER)).thenReturn(Optional.of(3L));
        when(secrets.reveal(MER, MerchantSecrets.STRIPE_WEBHOOK_SECRET)).thenReturn(Optional.of(SECRET));
        when(log.outcomeOf(anyString(), anyString())).thenReturn(Optional.empty());
    }

    @AfterEach
    void forgetTheRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    private static String event(String id, String type, String object) {
        return ("{'id': '" + id + "', 'object': 'event', 'type': '" + type + "', 'created': " + CREATED
                + ", 'api_version': '2024-06-20', 'data': {'object': " + object + "}}").replace('\'', '"');
    }

    private static String charge() {
        return event("evt_1", "charge.succeeded", "{'id': 'ch_1', 'object': 'charge', 'amount': 4900}");
    }

    /** Stripe's scheme: {@code t=<unix>,v1=<hex HMAC-SHA256 of "t.body">}, signed now so it is within the tolerance. */
    private static String signed(String body, String secret) throws Exception {
        long now = Instant.now().getEpochSecond();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "t=" + now + ",v1=" + HexFormat.of().formatHex(mac.doFinal((now + "." + body).getBytes(StandardCharsets.UTF_8)));
    }

    private Map<String, Object> receive(String body) throws Exception {
        return controller.receive(MER, signed(body, SECRET), body.getBytes(StandardCharsets.UTF_8));
    }

    private static String code(Throwable refusal) {
        return ((LedgerException) refusal).code();
    }

    @Test
    void handlesANewEventAtItsOwnTimeAndLogsItsOutcome() throws Exception {
        when(ingestion.handle(eq(MER), eq("charge.succeeded"), eq(Instant.ofEpochSecond(CREATED)), any()))
                .thenReturn("recorded conversion cnv_1");

        Map<String, Object> answer = receive(charge());

        assertThat(answer).containsExactly(Map.entry("received", true), Map.entry("id", "evt_1"),
                Map.entry("type", "charge.succeeded"), Map.entry("outcome", "recorded conversion cnv_1"));
        ArgumentCaptor<StripeObject> object = ArgumentCaptor.forClass(StripeObject.class);
        verify(ingestion).handle(eq(MER), eq("charge.succeeded"), eq(Instant.ofEpochSecond(CREATED)), object.capture());
        assertThat(object.getValue().text("id")).isEqualTo("ch_1");
        verify(log).handled(MER, "evt_1", "charge.succeeded", Instant.ofEpochSecond(CREATED), "recorded conversion cnv_1");
        assertThat(request.getAttribute(AuditMetadata.ACTOR_ATTRIBUTE)).isEqualTo(AuditMetadata.stripe("evt_1"));
    }

    @Test
    void aRedeliveredEventAnswersItsFirstOutcomeAndDoesNothing() throws Exception {
        when(log.outcomeOf(MER, "evt_1")).thenReturn(Optional.of("recorded conversion cnv_1"));

        Map<String, Object> answer = receive(charge());

        assertThat(answer).containsEntry("duplicate", true).containsEntry("outcome", "recorded conversion cnv_1")
                .containsEntry("id", "evt_1");
        verifyNoInteractions(ingestion);
        verify(log, never()).handled(anyString(), anyString(), anyString(), any(), anyString());
    }

    @Test
    void anUnknownMerchantIsNotFound() {
        when(eventStore.lastSequenceNumberFor(MER)).thenReturn(Optional.empty());
        assertThatThrownBy(() -> receive(charge())).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(ingestion);
    }

    @Test
    void somethingThatIsNotAMerchantIdIsNotFoundWithoutLookingItUp() {
        assertThatThrownBy(() -> controller.receive("aff_1", "t=1,v1=00", charge().getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(NotFoundException.class);
        verifyNoInteractions(eventStore, ingestion);
    }

    @Test
    void aMerchantWithoutASigningSecretIsToldToSetOne() {
        when(secrets.reveal(MER, MerchantSecrets.STRIPE_WEBHOOK_SECRET)).thenReturn(Optional.empty());
        assertThatThrownBy(() -> receive(charge()))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("stripe_webhook_secret")
                .satisfies(e -> assertThat(code(e)).isEqualTo("stripe_secret_not_set"));
    }

    @Test
    void aMissingOrBlankSignatureIsRefused() {
        byte[] body = charge().getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> controller.receive(MER, null, body))
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_stripe_signature"));
        assertThatThrownBy(() -> controller.receive(MER, " ", body))
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_stripe_signature"));
        verifyNoInteractions(ingestion);
    }

    @Test
    void aMissingBodyIsRefused() {
        assertThatThrownBy(() -> controller.receive(MER, "t=1,v1=00", null))
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_stripe_event"));
        assertThatThrownBy(() -> controller.receive(MER, "t=1,v1=00", new byte[0]))
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_stripe_event"));
    }

    @Test
    void aBodySignedWithAnotherSecretIsRefusedAndRecordsNothing() throws Exception {
        String body = charge();
        String signature = signed(body, "whsec_someone_else");
        assertThatThrownBy(() -> controller.receive(MER, signature, body.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_stripe_signature"));
        verifyNoInteractions(ingestion);
        verify(log, never()).handled(anyString(), anyString(), anyString(), any(), anyString());
    }

    @Test
    void aSignedBodyThatIsNotJsonIsNotAStripeEvent() {
        assertThatThrownBy(() -> receive("not json"))
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_stripe_event"));
    }

    @Test
    void aSignedEventWithoutAnObjectIsNotAStripeEvent() {
        String body = "{'id': 'evt_1', 'object': 'event', 'type': 'charge.succeeded', 'created': 1, 'data': {}}".replace('\'', '"');
        assertThatThrownBy(() -> receive(body))
                .hasMessageContaining("data.object")
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_stripe_event"));
        verifyNoInteractions(ingestion);
    }

    @Test
    void aSignedEventWithoutATypeIsNotAStripeEvent() {
        String body = "{'id': 'evt_1', 'object': 'event', 'created': 1, 'data': {'object': {'id': 'ch_1'}}}".replace('\'', '"');
        assertThatThrownBy(() -> receive(body))
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_stripe_event"));
    }

    @Test
    void aSignedEventWithoutAnIdIsNotAStripeEvent() {
        String body = "{'object': 'event', 'type': 'charge.succeeded', 'created': 1, 'data': {'object': {'id': 'ch_1'}}}".replace('\'', '"');
        assertThatThrownBy(() -> receive(body))
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_stripe_event"));
    }

    @Test
    void theActorIsRecordedForTheWholeRequest() throws Exception {
        when(ingestion.handle(any(), any(), any(), any())).thenReturn("ignored");
        receive(charge());
        assertThat(RequestContextHolder.currentRequestAttributes()
                .getAttribute(AuditMetadata.ACTOR_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST)).isEqualTo("stripe:evt_1");
    }
}
