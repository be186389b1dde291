package org.affiliateledger.command.stripe;

import com.stripe.exception.SignatureVerificationException;
import com.stripe.model.Event;
import com.stripe.net.Webhook;
import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.web.bind.annotation.PathVariable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /stripe/webhooks/{merchantId}}: the merchant's Stripe webhook endpoint. Public, authenticated by the
 * Stripe signature (stripe-java, 300 s tolerance) with the signing secret set in the program settings. A bad
 * signature is a 400 and records nothing; an event already handled answers 200 again without doing anything; an
 * event type the ledger does not use is a 200 too, so Stripe stops retrying it.
 */
@RestController
@Tag(name = "Stripe", description = "Called by Stripe, not by API clients: see the README's Stripe attribution section")
public class StripeWebhookController {
    static final long TOLERANCE_SECONDS = 300;

    private final EventStore eventStore;
    private final MerchantSecrets secrets;
    private final StripeEventLog log;
    private final StripeIngestion ingestion;
    private final JsonMapper json;

    public StripeWebhookController(EventStore eventStore, MerchantSecrets secrets, StripeEventLog log,
                                   StripeIngestion ingestion, JsonMapper json) {
        this.eventStore = eventStore;
        this.secrets = secrets;
        this.log = log;
        this.ingestion = ingestion;
        this.json = json;
    }

    @PostMapping("/stripe/webhooks/{merchant_id}")
    @Operation(operationId = "receiveStripeEvent", summary = "Receive a Stripe webhook event",
            description = "Public, authenticated by the `Stripe-Signature` header with the merchant's signing secret "
                    + "(`stripe_webhook_secret` in the program settings). Answers `{\"received\": true, \"id\", \"type\", "
                    + "\"outcome\"}` once the event's effects are committed; a redelivered event adds `\"duplicate\": true`.")
    @ApiResponse(responseCode = "200", description = "Received (also for event types the ledger does not use)")
    public Map<String, Object> receive(@Parameter(description = "The merchant's id (`mer_…`)") @PathVariable("merchant_id") String merchantId,
                                       @Parameter(description = "Stripe's signature: `t=<unix>,v1=<hex HMAC-SHA256>`")
                                       @RequestHeader(name = "Stripe-Signature", required = false) String signature,
                                       @RequestBody(required = false) byte[] body) throws Exception {
        if (!Ids.MERCHANT.matches(merchantId) || eventStore.lastSequenceNumberFor(merchantId).isEmpty()) {
            throw new NotFoundException("merchant", merchantId);
        }
        Optional<String> secret = secrets.reveal(merchantId, MerchantSecrets.STRIPE_WEBHOOK_SECRET);
        if (secret.isEmpty()) {
            throw new InvalidRequestException("merchant " + merchantId + " has no Stripe webhook signing secret yet: "
                    + "set stripe_webhook_secret (whsec_…) with PATCH /api/v1/program").withCode("stripe_secret_not_set");
        }
        if (signature == null || signature.isBlank()) {
            throw new InvalidRequestException("missing Stripe-Signature header").withCode("invalid_stripe_signature");
        }
        if (body == null || body.length == 0) {
            throw new InvalidRequestException("missing body: expected a Stripe event").withCode("invalid_stripe_event");
        }
        String payload = new String(body, StandardCharsets.UTF_8);
        Event event;
        try {
            event = Webhook.constructEvent(payload, signature, secret.get(), TOLERANCE_SECONDS);
        } catch (SignatureVerificationException e) {
            throw new InvalidRequestException("Stripe signature verification failed: " + e.getMessage()
                    + " (is stripe_webhook_secret the signing secret of this endpoint?)").withCode("invalid_stripe_signature");
        } catch (RuntimeException e) {
            // signed by Stripe's secret but not JSON stripe-java can read
            throw new InvalidRequestException("the body is not a Stripe event").withCode("invalid_stripe_event");
        }
        JsonNode object;
        try {
            object = json.readTree(payload).path("data").path("object");
        } catch (JacksonException e) {
            throw new InvalidRequestException("the body is not a Stripe event").withCode("invalid_stripe_event");
        }
        if (event.getId() == null || event.getType() == null || !object.isObject()) {
            throw new InvalidRequestException("the body is not a Stripe event: id, type and data.object are required").withCode("invalid_stripe_event");
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("received", true);
        answer.put("id", event.getId());
        answer.put("type", event.getType());
        Optional<String> earlier = log.outcomeOf(merchantId, event.getId());
        if (earlier.isPresent()) {
            answer.put("duplicate", true);
            answer.put("outcome", earlier.get());
            return answer;
        }
        Instant created = event.getCreated() == null ? Instant.now() : Instant.ofEpochSecond(event.getCreated());
        // every command this event causes is the Stripe event's doing (EdgeCommandAudit reads this)
        RequestContextHolder.currentRequestAttributes().setAttribute(AuditMetadata.ACTOR_ATTRIBUTE,
                AuditMetadata.stripe(event.getId()), RequestAttributes.SCOPE_REQUEST);
        String outcome = ingestion.handle(merchantId, event.getType(), created, new StripeObject(object));
        log.handled(merchantId, event.getId(), event.getType(), created, outcome);
        answer.put("outcome", outcome);
        return answer;
    }
}
