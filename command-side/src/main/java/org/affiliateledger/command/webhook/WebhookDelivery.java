package org.affiliateledger.command.webhook;

import org.affiliateledger.events.webhook.RecordWebhookAttempt;
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
 * A message's delivery to one endpoint, as the history knows it: one event per attempt. It decides what an attempt's
 * outcome was ({@link #delivered} / {@link #endpointGone}, the Standard Webhooks rules); what comes next is the
 * delivery saga's decision ({@link WebhookDeliverySaga}). Created by its first recorded attempt (deliveries made before
 * attempts were events start here at their next attempt).
 */
@Aggregate
public class WebhookDelivery {
    @AggregateIdentifier
    private String deliveryId;

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
    }

    @EventSourcingHandler
    void on(WebhookAttemptFailed event) {
        deliveryId = event.deliveryId();
    }
}
