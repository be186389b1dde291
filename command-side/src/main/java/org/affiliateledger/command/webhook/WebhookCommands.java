package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.webhook.PublicEventTypes;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.ChangeRequest;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.CreateRequest;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Created;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Recovered;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.Rotated;
import org.affiliateledger.command.webhook.WebhookEndpointCommandController.TestSent;
import org.affiliateledger.command.webhook.WebhookReplayController.Replayed;
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
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The webhook writes: register, change, enable or disable, delete, rotate the secret, recover, replay, send a test
 * event. The API's controllers and the dashboard's {@code /ui/webhooks} both act through here, with the same refusals.
 */
@Component
public class WebhookCommands {
    private static final tools.jackson.databind.json.JsonMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();
    private final JdbcClient jdbc;
    private final WebhookEndpointRepository endpoints;
    private final TransactionTemplate tx;
    private final TargetGuard guard;
    private final WebhookSecrets secrets;
    private final Clock clock;
    private final ObjectProvider<WebhookDispatcher> dispatcher;

    WebhookCommands(JdbcClient jdbc, WebhookEndpointRepository endpoints, PlatformTransactionManager transactions, TargetGuard guard, WebhookSecrets secrets,
                           Clock webhookClock, ObjectProvider<WebhookDispatcher> dispatcher) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.tx = new TransactionTemplate(transactions);
        this.guard = guard;
        this.secrets = secrets;
        this.clock = webhookClock;
        this.dispatcher = dispatcher;
    }

    public Created create(ApiCaller caller, CreateRequest request) {
        String url = guard.validate(request.url()).toString();
        List<String> types = types(request.eventTypes());
        String id = Ids.WEBHOOK_ENDPOINT.next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean enabled = request.enabled() == null || request.enabled();
        String description = request.description();
        String secret = tx.execute(status -> {
            // flushed before the secret's row, which references it
            endpoints.saveAndFlush(new WebhookEndpoint(id, caller.merchantId(), url, description, types, enabled, now));
            return secrets.issue(caller.merchantId(), id, clock.instant());
        });
        return new Created(id, url, description, types, enabled, secret, Timestamps.format(now));
    }

    public void change(ApiCaller caller, String id, ChangeRequest request) {
        requireEndpoint(caller.merchantId(), id);
        String url = request.url() == null ? null : guard.validate(request.url()).toString();
        List<String> types = request.eventTypes() == null ? null : types(request.eventTypes());
        Instant now = Instant.now();
        tx.executeWithoutResult(status -> {
            WebhookEndpoint endpoint = endpoint(caller.merchantId(), id);
            endpoint.change(url, request.description(), types, now);
            if (Boolean.FALSE.equals(request.enabled())) {
                if (endpoint.disable(WebhookEndpoint.DISABLED_BY_MERCHANT, now)) {
                    WebhookEndpoints.parkPending(jdbc, id);
                }
            } else if (Boolean.TRUE.equals(request.enabled())) {
                endpoint.enable();
            }
        });
    }

    public void delete(ApiCaller caller, String id) {
        requireEndpoint(caller.merchantId(), id);
        tx.executeWithoutResult(status -> {
            endpoint(caller.merchantId(), id).delete(Instant.now());
            WebhookEndpoints.parkPending(jdbc, id);
        });
    }

    public Rotated rotate(ApiCaller caller, String id) {
        requireEndpoint(caller.merchantId(), id);
        Instant now = clock.instant();
        String secret = tx.execute(status -> secrets.issue(caller.merchantId(), id, now));
        return new Rotated(id, secret, Timestamps.format(now.plus(WebhookSecrets.ROTATION_OVERLAP).truncatedTo(ChronoUnit.MILLIS)));
    }

    /** Schedules again every failed or parked delivery to the endpoint of a message created since {@code since}. */
    public Recovered recover(ApiCaller caller, String id, Instant since) {
        if (!requireEndpoint(caller.merchantId(), id)) {
            throw disabled(id);
        }
        int recovered = jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'pending', schedule_base = attempts, replays_due = 0,
                                                      next_attempt_at = ?, updated_at = ?
                        WHERE endpoint_id = ? AND status IN ('failed', 'parked') AND created_at >= ?""")
                .params(Timestamp.from(clock.instant()), Timestamp.from(Instant.now()), id, Timestamp.from(since))
                .update();
        wake();
        return new Recovered(recovered);
    }

    /** One more attempt of the message to {@code endpointId}, or to every enabled endpoint it was for (null). */
    public Replayed replay(ApiCaller caller, String id, @Nullable String endpointId) {
        requireMessage(caller.merchantId(), id);
        Timestamp due = Timestamp.from(clock.instant());
        Timestamp now = Timestamp.from(Instant.now());
        List<String> endpoints = tx.execute(status -> {
            if (endpointId != null) {
                if (!endpoint(caller.merchantId(), endpointId).enabled()) {
                    throw disabled(endpointId);
                }
                jdbc.sql("""
                                INSERT INTO webhook_deliveries (message_id, endpoint_id, merchant_id, status, next_attempt_at,
                                                                replays_due, created_at, updated_at)
                                VALUES (?, ?, ?, 'pending', ?, 1, ?, ?)
                                ON CONFLICT (message_id, endpoint_id) DO UPDATE SET status = 'pending',
                                    replays_due = webhook_deliveries.replays_due + 1,
                                    next_attempt_at = LEAST(COALESCE(webhook_deliveries.next_attempt_at, EXCLUDED.next_attempt_at),
                                                            EXCLUDED.next_attempt_at),
                                    updated_at = EXCLUDED.updated_at""")
                        .params(id, endpointId, caller.merchantId(), due, now, now)
                        .update();
                wakeAfterCommit();
                return List.of(endpointId);
            }
            List<String> replayed = jdbc.sql("""
                            UPDATE webhook_deliveries d SET status = 'pending', replays_due = d.replays_due + 1,
                                   next_attempt_at = LEAST(COALESCE(d.next_attempt_at, ?), ?), updated_at = ?
                            FROM webhook_endpoints e
                            WHERE d.message_id = ? AND d.endpoint_id = e.id AND e.enabled AND e.deleted_at IS NULL
                            RETURNING d.endpoint_id""")
                    .params(due, due, now, id).query(String.class).list();
            wakeAfterCommit();
            return replayed;
        });
        return new Replayed(id, endpoints);
    }

    /**
     * A {@value PublicEventTypes#TEST} message to this one endpoint (whatever its filter), delivered, logged and
     * replayable like any other: {@code data} is {@code {"endpointId", "test": true}}.
     */
    public TestSent test(ApiCaller caller, String endpointId) {
        if (!requireEndpoint(caller.merchantId(), endpointId)) {
            throw disabled(endpointId);
        }
        Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String messageId = WebhookOutbox.messageId("test:" + java.util.UUID.randomUUID(), at);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("endpointId", endpointId);
        data.put("test", true);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", PublicEventTypes.TEST);
        body.put("timestamp", Timestamps.format(at));
        body.put("data", data);
        Timestamp when = Timestamp.from(at);
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                            INSERT INTO webhook_messages (id, merchant_id, event_id, type, payload, created_at)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(messageId, caller.merchantId(), "test:" + messageId, PublicEventTypes.TEST,
                            JSON.writeValueAsString(body), when)
                    .update();
            jdbc.sql("""
                            INSERT INTO webhook_deliveries (message_id, endpoint_id, merchant_id, status, next_attempt_at,
                                                            created_at, updated_at)
                            VALUES (?, ?, ?, 'pending', ?, ?, ?)""")
                    .params(messageId, endpointId, caller.merchantId(), when, when, Timestamp.from(Instant.now()))
                    .update();
            wakeAfterCommit();
        });
        return new TestSent(messageId, endpointId, PublicEventTypes.TEST);
    }

    /**
     * Whether the merchant's endpoint is enabled; 404 for an unknown, deleted or another merchant's id (the same refusal
     * the reads give).
     */
    public boolean requireEndpoint(String merchantId, String id) {
        if (!Ids.WEBHOOK_ENDPOINT.matches(id)) {
            throw new NotFoundException("webhook endpoint", id);
        }
        return endpoint(merchantId, id).enabled();
    }

    private WebhookEndpoint endpoint(String merchantId, String id) {
        return endpoints.findByIdAndMerchantIdAndDeletedAtIsNull(id, merchantId)
                .orElseThrow(() -> new NotFoundException("webhook endpoint", id));
    }

    private void requireMessage(String merchantId, String id) {
        if (!Ids.MESSAGE.matches(id) || jdbc.sql("SELECT count(*) FROM webhook_messages WHERE id = ? AND merchant_id = ?")
                .params(id, merchantId).query(Integer.class).single() == 0) {
            throw new NotFoundException("webhook message", id);
        }
    }

    private static StateConflictException disabled(String id) {
        return (StateConflictException) new StateConflictException("webhook endpoint " + id
                + " is disabled; enable it (PATCH enabled=true) first").withCode("webhook_endpoint_disabled");
    }

    private void wake() {
        dispatcher.ifAvailable(WebhookDispatcher::wake);
    }

    private void wakeAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            wake();
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                wake();
            }
        });
    }

    static List<String> types(@Nullable List<String> requested) {
        if (requested == null) {
            return List.of();
        }
        List<String> types = List.copyOf(new LinkedHashSet<>(requested));
        for (String type : types) {
            if (!PublicEventTypes.ALL.contains(type)) {
                throw new InvalidRequestException("unknown event type \"" + type + "\"; known types: " + String.join(", ", PublicEventTypes.ALL));
            }
        }
        return types;
    }
}
