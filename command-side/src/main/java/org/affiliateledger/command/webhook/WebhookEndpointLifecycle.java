package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.webhook.DisableWebhookEndpoint;
import org.affiliateledger.events.webhook.EnableWebhookEndpoint;
import org.affiliateledger.events.webhook.RecoverWebhookEndpoint;
import org.affiliateledger.events.webhook.WebhookEndpointDisabled;
import org.affiliateledger.events.webhook.WebhookEndpointEnabled;
import org.affiliateledger.events.webhook.WebhookEndpointRecovered;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateCreationPolicy;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.modelling.command.CreationPolicy;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A webhook endpoint's decisions as the history knows them: who disabled or enabled it, who recovered what since
 * when. Its settings (URL, types, secrets) are a plain entity ({@link WebhookEndpoint}); whether it is enabled now
 * comes in each command from that entity, because a 410 Gone answer disables it too ({@link WebhookDeliverySaga}).
 * Created by its first decision (endpoints registered before these were events start here).
 */
@Aggregate
public class WebhookEndpointLifecycle {
    @AggregateIdentifier
    private String endpointId;
    private String merchantId;

    protected WebhookEndpointLifecycle() {
    }

    /** @return whether it was enabled (its pending deliveries are then parked) */
    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(DisableWebhookEndpoint command) {
        belongsTo(command.endpointId(), command.merchantId());
        if (!command.enabledNow()) {
            return false; // disabled already: nothing to record
        }
        apply(new WebhookEndpointDisabled(command.endpointId(), command.merchantId(), WebhookEndpoint.DISABLED_BY_MERCHANT,
                command.at()));
        return true;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    boolean handle(EnableWebhookEndpoint command) {
        belongsTo(command.endpointId(), command.merchantId());
        if (command.enabledNow()) {
            return false;
        }
        apply(new WebhookEndpointEnabled(command.endpointId(), command.merchantId(), command.at()));
        return true;
    }

    @CommandHandler
    @CreationPolicy(AggregateCreationPolicy.CREATE_IF_MISSING)
    int handle(RecoverWebhookEndpoint command) {
        belongsTo(command.endpointId(), command.merchantId());
        WebhookRules.disabledEndpointsReceiveNothing(command.endpointId(), command.enabledNow());
        apply(new WebhookEndpointRecovered(command.endpointId(), command.merchantId(), command.since(), command.deliveries(),
                command.at()));
        return command.deliveries();
    }

    /** Another merchant's endpoint is indistinguishable from one that does not exist. */
    private void belongsTo(String id, String callerMerchantId) {
        if (merchantId != null && !merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("webhook endpoint", id);
        }
    }

    @EventSourcingHandler
    void on(WebhookEndpointDisabled event) {
        endpointId = event.endpointId();
        merchantId = event.merchantId();
    }

    @EventSourcingHandler
    void on(WebhookEndpointEnabled event) {
        endpointId = event.endpointId();
        merchantId = event.merchantId();
    }

    @EventSourcingHandler
    void on(WebhookEndpointRecovered event) {
        endpointId = event.endpointId();
        merchantId = event.merchantId();
    }
}
