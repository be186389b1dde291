package org.affiliateledger.command.webhook;

import org.affiliateledger.events.webhook.WebhookEndpointDisabled;
import org.affiliateledger.events.webhook.WebhookEndpointEnabled;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The endpoint's row follows its decisions ({@link WebhookEndpointLifecycle}): disabled parks its pending deliveries,
 * enabled lets new ones through. In the delivery saga's subscribing group, so the row changes in the transaction that
 * records the decision.
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
    void on(WebhookEndpointDisabled event) {
        endpoints.findById(event.endpointId()).ifPresent(endpoint -> {
            if (endpoint.disable(event.reason(), event.disabledAt())) {
                WebhookEndpoints.parkPending(jdbc, event.endpointId());
            }
        });
    }

    @EventHandler
    void on(WebhookEndpointEnabled event) {
        endpoints.findById(event.endpointId()).ifPresent(WebhookEndpoint::enable);
    }
}
