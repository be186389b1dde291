package org.affiliateledger.command.webhook;

import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Recovered;
import org.affiliateledger.command.webhook.WebhookReplayController.Replayed;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.webhook.RecordWebhookAttempt;
import org.affiliateledger.events.webhook.RecoverWebhookDelivery;
import org.affiliateledger.events.webhook.RecoverWebhookEndpoint;
import org.affiliateledger.events.webhook.ReplayWebhookDelivery;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * Coordinates replays and recoveries: loads which deliveries they concern and whether their endpoint is enabled, then
 * sends one command per delivery ({@link ReplayWebhookDelivery}, {@link RecoverWebhookDelivery}), which the delivery
 * decides and the delivery saga follows; a recovery is first decided by its endpoint ({@link RecoverWebhookEndpoint}).
 * So the history shows who replayed or recovered what, and when. All in one transaction: the delivery rows are locked
 * first (as the transport locks one to record an attempt), so a replay and an attempt's outcome never interleave.
 */
@Component
class WebhookReplays {
    private final JdbcClient jdbc;
    private final WebhookEndpointRepository endpoints;
    private final CommandGateway commands;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ObjectProvider<WebhookDispatcher> dispatcher;

    WebhookReplays(JdbcClient jdbc, WebhookEndpointRepository endpoints, CommandGateway commands,
                   PlatformTransactionManager transactions, Clock webhookClock, ObjectProvider<WebhookDispatcher> dispatcher) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.commands = commands;
        this.tx = new TransactionTemplate(transactions);
        this.clock = webhookClock;
        this.dispatcher = dispatcher;
    }

    /** One more attempt of the message to {@code endpointId}, or to every enabled endpoint it was for (null). */
    Replayed replay(String merchantId, String messageId, @Nullable String endpointId) {
        Instant due = clock.instant();
        List<String> replayed = tx.execute(status -> {
            lockMessage(merchantId, messageId);
            List<String> targets;
            if (endpointId != null) {
                WebhookEndpoint endpoint = WebhookCommands.endpoint(endpoints, merchantId, endpointId);
                lockDeliveries(messageId, endpointId);
                commands.sendAndWait(new ReplayWebhookDelivery(RecordWebhookAttempt.deliveryId(messageId, endpointId),
                        merchantId, messageId, endpointId, endpoint.enabled(), due));
                targets = List.of(endpointId);
            } else {
                targets = lockDeliveries(messageId, null);
                for (String target : targets) {
                    commands.sendAndWait(new ReplayWebhookDelivery(RecordWebhookAttempt.deliveryId(messageId, target),
                            merchantId, messageId, target, true, due));
                }
            }
            wakeAfterCommit();
            return targets;
        });
        return new Replayed(messageId, replayed);
    }

    /** Schedules again every failed or parked delivery to the endpoint of a message created since {@code since}. */
    Recovered recover(String merchantId, String endpointId, Instant since) {
        Instant due = clock.instant();
        int recovered = tx.execute(status -> {
            WebhookEndpoint endpoint = WebhookCommands.endpoint(endpoints, merchantId, endpointId);
            List<String> messages = jdbc.sql("""
                            SELECT message_id FROM webhook_deliveries
                            WHERE endpoint_id = ? AND status IN ('failed', 'parked') AND created_at >= ?
                            ORDER BY message_id FOR UPDATE""")
                    .params(endpointId, Timestamp.from(since))
                    .query(String.class)
                    .list();
            commands.sendAndWait(new RecoverWebhookEndpoint(endpointId, merchantId, endpoint.enabled(), since, messages.size(), due));
            for (String messageId : messages) {
                commands.sendAndWait(new RecoverWebhookDelivery(RecordWebhookAttempt.deliveryId(messageId, endpointId),
                        merchantId, messageId, endpointId, since, due));
            }
            wakeAfterCommit();
            return messages.size();
        });
        return new Recovered(recovered);
    }

    /**
     * 404 for an unknown message or another merchant's; locked (without blocking the deliveries that reference it), so
     * two replays of one message take their turns.
     */
    private void lockMessage(String merchantId, String messageId) {
        if (!Ids.MESSAGE.matches(messageId) || jdbc.sql("""
                        SELECT id FROM webhook_messages WHERE id = ? AND merchant_id = ? FOR NO KEY UPDATE""")
                .params(messageId, merchantId).query(String.class).optional().isEmpty()) {
            throw new NotFoundException("webhook message", messageId);
        }
    }

    /** The message's deliveries to {@code endpointId}, or to every enabled endpoint (null), locked; their endpoints' ids. */
    private List<String> lockDeliveries(String messageId, @Nullable String endpointId) {
        if (endpointId != null) {
            return jdbc.sql("SELECT endpoint_id FROM webhook_deliveries WHERE message_id = ? AND endpoint_id = ? FOR UPDATE")
                    .params(messageId, endpointId).query(String.class).list();
        }
        return jdbc.sql("""
                        SELECT d.endpoint_id FROM webhook_deliveries d JOIN webhook_endpoints e ON e.id = d.endpoint_id
                        WHERE d.message_id = ? AND e.enabled AND e.deleted_at IS NULL
                        ORDER BY d.endpoint_id FOR UPDATE OF d""")
                .param(messageId).query(String.class).list();
    }

    private void wakeAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                dispatcher.ifAvailable(WebhookDispatcher::wake);
            }
        });
    }
}
