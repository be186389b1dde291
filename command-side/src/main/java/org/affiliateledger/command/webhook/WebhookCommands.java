package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.webhook.ChangeWebhookEndpoint;
import org.affiliateledger.events.webhook.DeleteWebhookEndpoint;
import org.affiliateledger.events.webhook.DisableWebhookEndpoint;
import org.affiliateledger.events.webhook.EnableWebhookEndpoint;
import org.affiliateledger.events.webhook.PublicEventTypes;
import org.affiliateledger.events.webhook.RegisterWebhookEndpoint;
import org.affiliateledger.events.webhook.RotateWebhookSecret;
import org.axonframework.commandhandling.gateway.CommandGateway;
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
import java.util.List;
import java.util.Map;

/**
 * The webhook writes: register, change, enable or disable, delete, rotate the secret, recover, replay, send a test
 * event. The API's controllers and the dashboard's {@code /ui/webhooks} both act through here, with the same refusals.
 * Every one is a command decided by {@link WebhookEndpointLifecycle} or {@link WebhookDelivery}, so it is in the
 * history with who asked; this coordinator does the I/O around them: the target check (it resolves the host), the
 * endpoint's row for the 404 every write starts with, and the signing secrets, issued and stored sealed, never in an
 * event.
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
    private final CommandGateway commands;
    private final WebhookReplays replays;

    WebhookCommands(JdbcClient jdbc, WebhookEndpointRepository endpoints, PlatformTransactionManager transactions, TargetGuard guard,
                    WebhookSecrets secrets, Clock webhookClock, ObjectProvider<WebhookDispatcher> dispatcher,
                    CommandGateway commands, WebhookReplays replays) {
        this.jdbc = jdbc;
        this.endpoints = endpoints;
        this.tx = new TransactionTemplate(transactions);
        this.guard = guard;
        this.secrets = secrets;
        this.clock = webhookClock;
        this.dispatcher = dispatcher;
        this.commands = commands;
        this.replays = replays;
    }

    public Created create(ApiCaller caller, CreateRequest request) {
        String url = guard.validate(request.url()).toString();
        String id = Ids.WEBHOOK_ENDPOINT.next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        boolean enabled = request.enabled() == null || request.enabled();
        String description = request.description();
        List<String> types = WebhookEndpointLifecycle.eventTypes(request.eventTypes());
        String secret = tx.execute(status -> {
            // decided and recorded by the endpoint; its row is in place when this returns (WebhookEndpointRows)
            commands.sendAndWait(new RegisterWebhookEndpoint(id, caller.merchantId(), url, description, request.eventTypes(),
                    enabled, now));
            return secrets.issue(caller.merchantId(), id, clock.instant());
        });
        return new Created(id, url, description, types, enabled, secret, Timestamps.format(now));
    }

    public void change(ApiCaller caller, String id, ChangeRequest request) {
        requireEndpoint(caller.merchantId(), id);
        String url = request.url() == null ? null : guard.validate(request.url()).toString();
        Instant now = Instant.now();
        tx.executeWithoutResult(status -> {
            // decided by the endpoint, recorded with who asked; its row follows (WebhookEndpointRows)
            commands.sendAndWait(new ChangeWebhookEndpoint(id, caller.merchantId(), url, request.description(),
                    request.eventTypes(), now));
            if (Boolean.FALSE.equals(request.enabled())) {
                commands.sendAndWait(new DisableWebhookEndpoint(id, caller.merchantId(), endpoint(caller.merchantId(), id).enabled(), now));
            } else if (Boolean.TRUE.equals(request.enabled())) {
                commands.sendAndWait(new EnableWebhookEndpoint(id, caller.merchantId(), endpoint(caller.merchantId(), id).enabled(), now));
            }
        });
    }

    public void delete(ApiCaller caller, String id) {
        requireEndpoint(caller.merchantId(), id);
        tx.executeWithoutResult(status -> commands.sendAndWait(new DeleteWebhookEndpoint(id, caller.merchantId(), Instant.now())));
    }

    public Rotated rotate(ApiCaller caller, String id) {
        requireEndpoint(caller.merchantId(), id);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS); // the history and the answer show the same instant
        String secret = tx.execute(status -> {
            // the rotation is recorded (never the secret), then the secret is issued and stored sealed beside it
            commands.sendAndWait(new RotateWebhookSecret(id, caller.merchantId(), now));
            return secrets.issue(caller.merchantId(), id, now);
        });
        return new Rotated(id, secret, Timestamps.format(now.plus(WebhookSecrets.ROTATION_OVERLAP)));
    }

    /** Schedules again every failed or parked delivery to the endpoint of a message created since {@code since}. */
    public Recovered recover(ApiCaller caller, String id, Instant since) {
        return replays.recover(caller.merchantId(), id, since);
    }

    /** One more attempt of the message to {@code endpointId}, or to every enabled endpoint it was for (null). */
    public Replayed replay(ApiCaller caller, String id, @Nullable String endpointId) {
        return replays.replay(caller.merchantId(), id, endpointId);
    }

    /**
     * A {@value PublicEventTypes#TEST} message to this one endpoint (whatever its filter), delivered, logged and
     * replayable like any other: {@code data} is {@code {"endpointId", "test": true}}.
     */
    public TestSent test(ApiCaller caller, String endpointId) {
        WebhookRules.disabledEndpointsReceiveNothing(endpointId, requireEndpoint(caller.merchantId(), endpointId));
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
        return endpoint(merchantId, id).enabled();
    }

    private WebhookEndpoint endpoint(String merchantId, String id) {
        return endpoint(endpoints, merchantId, id);
    }

    /** The merchant's endpoint; 404 for an unknown, deleted or another merchant's id (the lookup every write starts with). */
    static WebhookEndpoint endpoint(WebhookEndpointRepository endpoints, String merchantId, String id) {
        if (!Ids.WEBHOOK_ENDPOINT.matches(id)) {
            throw new NotFoundException("webhook endpoint", id);
        }
        return endpoints.findByIdAndMerchantIdAndDeletedAtIsNull(id, merchantId)
                .orElseThrow(() -> new NotFoundException("webhook endpoint", id));
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
}
