package org.affiliateledger.command.webhook;

import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.webhook.DisableWebhookEndpoint;
import org.affiliateledger.events.webhook.WebhookAttemptFailed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The automation behind "410 Gone disables the endpoint": an attempt the endpoint answered with 410
 * ({@link WebhookAttemptFailed#endpointGone()}) sends {@link DisableWebhookEndpoint} saying so, which the endpoint
 * decides ({@link WebhookEndpointLifecycle}) and its row follows, parking its other pending deliveries. In the delivery
 * saga's subscribing group, so the attempt, the saga's decision and the endpoint's disabling commit together.
 */
@Component
@ProcessingGroup(WebhookDeliverySaga.GROUP)
class GoneEndpoints {
    private static final Logger log = LoggerFactory.getLogger(GoneEndpoints.class);
    static final String ACTOR = AuditMetadata.saga("webhook-delivery");
    private final WebhookEndpointRepository endpoints;
    private final CommandGateway commands;

    GoneEndpoints(WebhookEndpointRepository endpoints, CommandGateway commands) {
        this.endpoints = endpoints;
        this.commands = commands;
    }

    @EventHandler
    void on(WebhookAttemptFailed event) {
        if (!event.endpointGone()) {
            return;
        }
        endpoints.findById(event.endpointId()).ifPresent(endpoint -> {
            try {
                commands.sendAndWait(AuditedCommands.by(ACTOR, new DisableWebhookEndpoint(event.endpointId(),
                        endpoint.merchantId(), endpoint.enabled(), true, event.recordedAt())));
            } catch (LedgerException e) {
                // a refusal is final (the endpoint decides); the attempt itself stays recorded
                log.warn("webhook endpoint {}: disabling after 410 Gone refused: {}", event.endpointId(), e.getMessage());
            }
        });
    }
}
