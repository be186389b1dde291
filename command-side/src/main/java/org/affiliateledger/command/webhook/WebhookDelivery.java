package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.webhook.RecordFirstWebhookAttempt;
import org.affiliateledger.events.webhook.RecordWebhookAttempt;
import org.affiliateledger.events.webhook.RecoverWebhookDelivery;
import org.affiliateledger.events.webhook.ReplayWebhookDelivery;
import org.affiliateledger.events.webhook.WebhookDeliveryRecovered;
import org.affiliateledger.events.webhook.WebhookReplayScheduled;
import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.affiliateledger.events.webhook.WebhookAttemptSucceeded;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A message's delivery to one endpoint, as the history knows it: one event per attempt, per replay a person asked for
 * and per recovery. It decides what an attempt's outcome was ({@link #delivered} / {@link #endpointGone}, the Standard
 * Webhooks rules) and whether a replay may go; what comes next is the delivery saga's decision
 * ({@link WebhookDeliverySaga}), which also follows the replays and recoveries. Created by its first event (deliveries
 * made before attempts were events start here).
 */
@Aggregate
public class WebhookDelivery {
    @AggregateIdentifier
    private String deliveryId;
    /** Null until the first event (a delivery known to the history only from now on). */
    private String merchantId;

    protected WebhookDelivery() {
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    int handle(RecordWebhookAttempt command) {
        if (delivered(command.statusCode())) {
            apply(new WebhookAttemptSucceeded(command.deliveryId(), command.merchantId(), command.messageId(),
                    command.endpointId(), command.attempt(), command.attemptedAt(), command.statusCode(), command.durationMs(),
                    command.replay(), command.overtaken(), command.recordedAt()));
        } else {
            apply(new WebhookAttemptFailed(command.deliveryId(), command.merchantId(), command.messageId(),
                    command.endpointId(), command.attempt(), command.attemptedAt(), command.statusCode(), command.durationMs(),
                    command.error(), command.retryAfterSeconds(), endpointGone(command.statusCode()), command.replay(),
                    command.overtaken(), command.recordedAt()));
        }
        return command.attempt();
    }

    /**
     * The first event of a delivery with no history: created, not loaded (a delivery that has a history after all is
     * refused by the event store's unique (aggregate, sequence), and the transport reports the attempt again as
     * {@link RecordWebhookAttempt}).
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.ALWAYS)
    int handle(RecordFirstWebhookAttempt command) {
        return handle(command.asAttempt());
    }

    /**
     * One more attempt, asked for by a person: to a disabled endpoint it is refused. Every replay is one more attempt,
     * even while one is under way.
     */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(ReplayWebhookDelivery command) {
        belongsTo(command.merchantId(), command.messageId());
        WebhookRules.disabledEndpointsReceiveNothing(command.endpointId(), command.endpointEnabled());
        apply(new WebhookReplayScheduled(command.deliveryId(), command.merchantId(), command.messageId(), command.endpointId(),
                command.dueAt()));
    }

    /** Its endpoint's recovery found it failed or parked: the schedule starts again (the endpoint decided it may). */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    void handle(RecoverWebhookDelivery command) {
        belongsTo(command.merchantId(), command.messageId());
        apply(new WebhookDeliveryRecovered(command.deliveryId(), command.merchantId(), command.messageId(),
                command.endpointId(), command.since(), command.dueAt()));
    }

    /** Another merchant's message is indistinguishable from one that does not exist. */
    private void belongsTo(String callerMerchantId, String messageId) {
        if (merchantId != null && !merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("webhook message", messageId);
        }
    }

    /** Standard Webhooks: any 2xx answer delivers the message. */
    static boolean delivered(Integer statusCode) {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }

    /** 410 Gone: the receiver asks for nothing more; the endpoint is disabled at once. */
    static boolean endpointGone(Integer statusCode) {
        return statusCode != null && statusCode == 410;
    }

    @EventSourcingHandler
    void on(WebhookAttemptSucceeded event) {
        deliveryId = event.deliveryId();
        merchantId = event.merchantId();
    }

    @EventSourcingHandler
    void on(WebhookAttemptFailed event) {
        deliveryId = event.deliveryId();
        merchantId = event.merchantId();
    }

    @EventSourcingHandler
    void on(WebhookReplayScheduled event) {
        deliveryId = event.deliveryId();
        merchantId = event.merchantId();
    }

    @EventSourcingHandler
    void on(WebhookDeliveryRecovered event) {
        deliveryId = event.deliveryId();
        merchantId = event.merchantId();
    }
}
