package org.affiliateledger.command.webhook;

import org.affiliateledger.events.webhook.WebhookEndpointChanged;
import org.affiliateledger.events.webhook.WebhookEndpointDeleted;
import org.affiliateledger.events.webhook.WebhookEndpointDisabled;
import org.affiliateledger.events.webhook.WebhookEndpointEnabled;
import org.affiliateledger.events.webhook.WebhookEndpointRegistered;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The endpoint's row follows its decisions ({@link WebhookEndpointLifecycle}): registered inserts it, changed sets what
 * changed, disabled and deleted park its pending deliveries, enabled lets new ones through. In the delivery saga's
 * subscribing group, so the row changes in the transaction that records the decision: the sender issues the secret
 * (whose row references this one) and answers with the endpoint as it is now right after.
 */
@Component
@ProcessingGroup(WebhookDeliverySaga.GROUP)
class WebhookEndpointRows {
    private final WebhookEndpointRepository endpoints;
    private final JdbcClient jdbc;

    WebhookEndpointRows(WebhookEndpointRepository endpoints, JdbcClient jdbc) {
        this.endpoints = endpoints;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(WebhookEndpointRegistered event) {
        // flushed at once: the secret's row, written next by the sender, references it
        endpoints.saveAndFlush(new WebhookEndpoint(event.endpointId(), event.merchantId(), event.url(), event.description(),
                event.eventTypes(), event.enabled(), event.registeredAt()));
    }

    @EventHandler
    void on(WebhookEndpointChanged event) {
        endpoints.findById(event.endpointId())
                .ifPresent(endpoint -> endpoint.change(event.url(), event.description(), event.eventTypes(), event.changedAt()));
    }

    @EventHandler
    void on(WebhookEndpointDisabled event) {
        endpoints.findById(event.endpointId()).ifPresent(endpoint -> {
            if (endpoint.disable(event.reason(), event.disabledAt())) {
                WebhookEndpoints.parkPending(jdbc, event.endpointId());
            }
        });
    }

    @EventHandler
    void on(WebhookEndpointEnabled event) {
        endpoints.findById(event.endpointId()).ifPresent(endpoint -> endpoint.enable(event.enabledAt()));
    }

    @EventHandler
    void on(WebhookEndpointDeleted event) {
        endpoints.findById(event.endpointId()).ifPresent(endpoint -> {
            endpoint.delete(event.deletedAt());
            WebhookEndpoints.parkPending(jdbc, event.endpointId());
        });
    }
}
