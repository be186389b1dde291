package org.affiliateledger.command.webhook;

import com.github.f4b6a3.ulid.Ulid;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.affiliate.TaxFormSubmitted;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.affiliateledger.command.webhook.PublicMessages.PublicMessage;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DisallowReplay;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.axonframework.messaging.annotation.MessageIdentifier;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The webhook outbox: turns each public domain event into one message and one pending delivery per enabled endpoint
 * of the merchant whose filter matches and that existed when the event happened. Runs in its own streaming
 * processor ({@value #GROUP}), writing in the transaction that advances its token: a crash either keeps both or
 * neither, and a re-delivered event hits the same (derived) message id and ON CONFLICT DO NOTHING — no loss, no duplicate.
 * Not a read model: a projection rebuild leaves it where it is ({@link DisallowReplay}), instead of walking the whole
 * history again to find every message already written.
 */
@Component
@DisallowReplay
@ProcessingGroup(WebhookOutbox.GROUP)
public class WebhookOutbox {
    public static final String GROUP = "webhook-outbox";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Object WAKE_REGISTERED = new Object();
    /** The batch's resource holding each merchant's endpoints, read once per batch. */
    private static final String ENDPOINTS = WebhookOutbox.class.getName() + ".endpoints";
    private final JdbcClient jdbc;
    private final ObjectProvider<WebhookDispatcher> dispatcher;

    public WebhookOutbox(JdbcClient jdbc, ObjectProvider<WebhookDispatcher> dispatcher) {
        this.jdbc = jdbc;
        this.dispatcher = dispatcher;
    }

    @EventHandler
    void on(AffiliateApproved event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(AffiliateReinstated event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(AffiliateSuspended event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(AffiliateTierPromoted event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(CommissionCreated event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(CommissionApproved event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(CommissionVoided event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(CommissionPaid event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(FraudFlagged event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(PayoutSent event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(PayoutPaid event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    @EventHandler
    void on(PayoutFailed event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }


    @EventHandler
    void on(TaxFormSubmitted event, @MessageIdentifier String eventId, @Timestamp Instant at) {
        emit(eventId, at, PublicMessages.of(event));
    }

    private void emit(String eventId, Instant at, PublicMessage message) {
        String merchantId = message.merchantId();
        String type = message.type();
        java.sql.Timestamp when = java.sql.Timestamp.from(at);
        List<String> endpoints = endpointsTaking(merchantId, type, at);
        if (endpoints.isEmpty()) {
            return;
        }
        String messageId = messageId(eventId, at);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", Timestamps.format(at));
        body.put("data", message.data());
        jdbc.sql("""
                        INSERT INTO webhook_messages (id, merchant_id, event_id, type, payload, created_at)
                        VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
                .params(messageId, merchantId, eventId, type, JSON.writeValueAsString(body), when)
                .update();
        // one statement for all the message's deliveries
        jdbc.sql("""
                        INSERT INTO webhook_deliveries (message_id, endpoint_id, merchant_id, status, next_attempt_at,
                                                        created_at, updated_at)
                        SELECT ?, endpoint_id, ?, 'pending', ?, ?, ? FROM unnest(?::text[]) AS endpoint_id
                        ON CONFLICT DO NOTHING""")
                .params(messageId, merchantId, when, when, when, endpoints.toArray(String[]::new))
                .update();
        wakeDispatcherAfterCommit();
    }

    /** A merchant's live endpoint: its filter and when it was created (it takes events from then on). */
    record Endpoint(String id, Instant createdAt, Set<String> eventTypes) {
        boolean takes(String type, Instant at) {
            return !createdAt.isAfter(at) && (eventTypes.isEmpty() || eventTypes.contains(type));
        }
    }

    /**
     * The endpoints of the merchant that take an event of {@code type} that happened at {@code at}. Each merchant's
     * endpoints are read once per batch (the processor's transaction), not once per event: under load a batch holds
     * many events of few merchants, and this lookup was one statement per public event.
     */
    private List<String> endpointsTaking(String merchantId, String type, Instant at) {
        // as PostgreSQL stores and compares it: microseconds, rounded half up as the driver sends them
        Instant when = at.plusNanos(500).truncatedTo(ChronoUnit.MICROS);
        return endpointsOf(merchantId).stream().filter(endpoint -> endpoint.takes(type, when)).map(Endpoint::id).toList();
    }

    private List<Endpoint> endpointsOf(String merchantId) {
        if (!CurrentUnitOfWork.isStarted()) {
            return liveEndpoints(merchantId);
        }
        // the batch's unit of work: its resources live exactly as long as the batch and its transaction
        Map<String, List<Endpoint>> batch = CurrentUnitOfWork.get().root().getOrComputeResource(ENDPOINTS, key -> new HashMap<>());
        return batch.computeIfAbsent(merchantId, this::liveEndpoints);
    }

    private List<Endpoint> liveEndpoints(String merchantId) {
        return jdbc.sql("SELECT id, created_at, event_types FROM webhook_endpoints WHERE merchant_id = ? AND enabled AND deleted_at IS NULL")
                .param(merchantId)
                .query((rs, n) -> new Endpoint(rs.getString("id"), rs.getTimestamp("created_at").toInstant(),
                        Set.copyOf(Arrays.asList((String[]) rs.getArray("event_types").getArray()))))
                .list();
    }

    /** Once per transaction: after it commits, this node's dispatcher claims the new deliveries without waiting for its next poll. */
    private void wakeDispatcherAfterCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive() || TransactionSynchronizationManager.hasResource(WAKE_REGISTERED)) {
            return;
        }
        TransactionSynchronizationManager.bindResource(WAKE_REGISTERED, Boolean.TRUE);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(WAKE_REGISTERED);
                if (status == STATUS_COMMITTED) {
                    dispatcher.ifAvailable(WebhookDispatcher::wake);
                }
            }
        });
    }

    /** {@code msg_} + a ULID of the event's time and 80 bits of SHA-256(event id): stable, and time-ordered for paging. */
    public static String messageId(String eventId, Instant at) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(eventId.getBytes(StandardCharsets.UTF_8));
            return "msg_" + new Ulid(at.toEpochMilli(), Arrays.copyOf(hash, 10)).toString().toLowerCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
