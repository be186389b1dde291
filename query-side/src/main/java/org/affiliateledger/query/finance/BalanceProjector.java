package org.affiliateledger.query.finance;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionClawedBack;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionFlagCleared;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.history.EventCatalogue;
import org.affiliateledger.query.support.EventPositions;
import org.affiliateledger.query.support.ProjectionWriter;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.lang.reflect.Method;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code balance_entries} read model: one row per movement of a commission's money between the {@link Bucket}s of
 * its affiliate's balance, with the event's effective and recorded times, its position, type and causes. Commission
 * events say what happened ("voided", "held") but not always how much or from where, so the projector remembers where
 * each commission's money is ({@code balance_commissions}) and moves exactly that.
 * <p>
 * Sequenced per affiliate ({@link Sequencing}): every event that moves an affiliate's money is handled in log order on
 * one segment, so a clawback (an event of the paid commission, then the creation of the negative commission) is seen
 * in order. Idempotent: an entry is keyed by its event and commission.
 */
@Component
@ProcessingGroup(BalanceProjector.GROUP)
public class BalanceProjector {
    public static final String GROUP = "balances";
    private static final Logger log = LoggerFactory.getLogger(BalanceProjector.class);
    private static final String STATES = BalanceProjector.class.getName() + ".states";
    private static final String INSERT_ENTRY = """
            INSERT INTO balance_entries (merchant_id, affiliate_id, currency, commission_id, commission_kind, movement,
                                         from_bucket, to_bucket, amount_cents, effective_at, recorded_at, position, event_id,
                                         event_type, conversion_id, clawback_of, payout_id, reference, note, actor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, %s, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id, commission_id) DO NOTHING""";
    /** The position as given, or (gap-aware tokens) looked up by the event's id within the insert: no extra round trip. */
    private static final String INSERT_ENTRY_AT = INSERT_ENTRY.formatted("?");
    private static final String INSERT_ENTRY_LOOKING_UP = INSERT_ENTRY.formatted(EventPositions.POSITION_LOOKUP);
    private static final String UPSERT_STATE = """
            INSERT INTO balance_commissions (commission_id, merchant_id, affiliate_id, currency, kind, conversion_id,
                                             clawback_of, status, flagged, payout_id, amount_cents)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (commission_id) DO UPDATE SET status = EXCLUDED.status, flagged = EXCLUDED.flagged,
                payout_id = EXCLUDED.payout_id, amount_cents = EXCLUDED.amount_cents""";

    /** Where one commission's money is now. */
    record State(String commissionId, String merchantId, String affiliateId, String currency, CommissionKind kind,
                 String conversionId, String clawbackOf, CommissionStatus status, boolean flagged, String payoutId,
                 long amountCents) {
        Bucket bucket() {
            return Bucket.of(status, flagged, payoutId);
        }

        State with(CommissionStatus newStatus, boolean newFlagged, String newPayoutId, long newAmount) {
            return new State(commissionId, merchantId, affiliateId, currency, kind, conversionId, clawbackOf, newStatus,
                    newFlagged, newPayoutId, newAmount);
        }

        State status(CommissionStatus newStatus) {
            return with(newStatus, flagged, payoutId, amountCents);
        }
    }

    /** What the event says beyond the money: its cause and a note. */
    private record Cause(String reference, String note) {
        static final Cause NONE = new Cause(null, null);
    }

    private final ProjectionWriter rows;
    private final JdbcTemplate jdbc;

    private final EventPositions positions;

    public BalanceProjector(ProjectionWriter rows, JdbcTemplate jdbc, EventPositions positions) {
        this.rows = rows;
        this.jdbc = jdbc;
        this.positions = positions;
    }

    @EventHandler
    void on(CommissionCreated e, EventMessage<?> message, TrackingToken token) {
        // Only a clawback can be here already (entered by its CommissionClawedBack, which comes first); any other
        // commission is new, so it skips the lookup, a round trip per commission (most of a rebuild's time here). New
        // also holds against redelivery: the states commit in one transaction with this processor's token, so an event
        // whose state was written is never handed over again, and a rebuild starts from emptied tables.
        if (e.kind() == CommissionKind.CLAWBACK && state(e.commissionId()).isPresent()) {
            return;
        }
        State created = new State(e.commissionId(), e.merchantId(), e.affiliateId(), e.currency(), e.kind(),
                e.conversionId(), e.clawbackOf(), CommissionStatus.PENDING, false, null, e.amountCents());
        if (e.kind() == CommissionKind.CLAWBACK) {
            // a clawback's negative amount enters pending; what it takes back leaves the open balance as clawed back
            entry(created, "clawed_back", Bucket.PENDING, Bucket.CLAWED_BACK, -e.amountCents(), message, token, Cause.NONE);
        } else {
            entry(created, "earned", Bucket.EARNED, Bucket.PENDING, e.amountCents(), message, token, Cause.NONE);
        }
        remember(created);
    }

    @EventHandler
    void on(CommissionClawedBack e, EventMessage<?> message, TrackingToken token) {
        if (state(e.clawbackCommissionId()).isPresent()) {
            return;
        }
        Optional<State> original = state(e.commissionId());
        if (original.isEmpty()) {
            log.warn("clawback of unknown commission {} ignored", e.commissionId());
            return;
        }
        State clawback = new State(e.clawbackCommissionId(), e.merchantId(), e.affiliateId(), e.currency(),
                CommissionKind.CLAWBACK, e.conversionId(), e.commissionId(), CommissionStatus.PENDING, false, null,
                -e.amountCents());
        entry(clawback, "clawed_back", Bucket.PENDING, Bucket.CLAWED_BACK, e.amountCents(), message, token,
                new Cause(e.reference(), null));
        remember(clawback);
    }

    @EventHandler
    void on(CommissionApproved e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "approved", s -> s.status(CommissionStatus.APPROVED), message, token, Cause.NONE);
    }

    @EventHandler
    void on(CommissionRejected e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "rejected", s -> s.status(CommissionStatus.REJECTED), message, token, new Cause(null, e.reason()));
    }

    @EventHandler
    void on(CommissionVoided e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "voided", s -> s.status(CommissionStatus.VOIDED), message, token, new Cause(null, e.reason()));
    }

    @EventHandler
    void on(CommissionPaid e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "paid", s -> s.status(CommissionStatus.PAID), message, token, new Cause(e.reference(), null));
    }

    @EventHandler
    void on(CommissionHeld e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "held", s -> s.status(CommissionStatus.HELD), message, token, new Cause(e.reference(), e.reason()));
    }

    @EventHandler
    void on(CommissionReleased e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "released", s -> s.status(e.restoredTo()), message, token, new Cause(e.reference(), null));
    }

    @EventHandler
    void on(CommissionFlagged e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "flagged", s -> s.with(s.status(), true, s.payoutId(), s.amountCents()), message, token,
                new Cause(null, "fraud: " + e.rule() + " (" + e.detail() + ")"));
    }

    @EventHandler
    void on(CommissionFlagCleared e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "flag_cleared", s -> s.with(s.status(), false, s.payoutId(), s.amountCents()), message, token,
                new Cause(null, e.note()));
    }

    @EventHandler
    void on(CommissionReduced e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "reduced", s -> s.with(s.status(), s.flagged(), s.payoutId(), e.amountCents()), message, token,
                new Cause(e.reference(), null));
    }

    @EventHandler
    void on(CommissionIncludedInPayout e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "included_in_payout", s -> s.with(s.status(), s.flagged(), e.payoutId(), s.amountCents()),
                message, token, Cause.NONE);
    }

    @EventHandler
    void on(CommissionReleasedFromPayout e, EventMessage<?> message, TrackingToken token) {
        change(e.commissionId(), "payout_failed", s -> s.with(s.status(), s.flagged(), null, s.amountCents()), message, token,
                new Cause(null, e.reason()));
    }

    @ResetHandler
    void reset() {
        jdbc.execute("TRUNCATE balance_entries, balance_commissions, balance_day_totals");
    }

    /**
     * Applies a change to a commission's state and records what moved: a lower amount leaves its bucket as reduced, a
     * new bucket receives the whole amount from the old one. A change that moves nothing (a flag on an approved
     * commission, a payout id on a paid one) records no entry.
     */
    private void change(String commissionId, String movement, java.util.function.UnaryOperator<State> rule,
                        EventMessage<?> message, TrackingToken token, Cause cause) {
        Optional<State> found = state(commissionId);
        if (found.isEmpty()) {
            log.warn("{} of unknown commission {} ignored", movement, commissionId);
            return;
        }
        State before = found.get();
        State after = rule.apply(before);
        // a payout that failed no longer names itself on the commission: its line still does
        State named = after.payoutId() == null && before.payoutId() != null
                ? after.with(after.status(), after.flagged(), before.payoutId(), after.amountCents()) : after;
        if (after.amountCents() != before.amountCents()) {
            entry(named, movement, before.bucket(), Bucket.REDUCED, before.amountCents() - after.amountCents(), message, token, cause);
        }
        if (after.bucket() != before.bucket()) {
            entry(named, movement, before.bucket(), after.bucket(), after.amountCents(), message, token, cause);
        }
        remember(after);
    }

    private void entry(State state, String movement, Bucket from, Bucket to, long amountCents, EventMessage<?> message,
                       TrackingToken token, Cause cause) {
        if (amountCents == 0) {
            return;
        }
        String aggregateType = message instanceof DomainEventMessage<?> domain ? domain.getType() : null;
        Instant recorded = message.getTimestamp();
        Object[] before = {state.merchantId(), state.affiliateId(), state.currency(), state.commissionId(),
                state.kind().wireName(), movement, from.wireName(), to.wireName(), amountCents,
                Timestamp.from(AuditMetadata.effectiveAt(message.getMetaData(), recorded)), Timestamp.from(recorded)};
        Object[] after = {message.getIdentifier(),
                EventCatalogue.typeOf(message.getPayloadType().getName(), aggregateType), state.conversionId(),
                state.clawbackOf(), state.payoutId(), clip(cause.reference(), 255), clip(cause.note(), 500),
                clip(AuditMetadata.actorOf(message.getMetaData()), 300)};
        boolean lookUp = EventPositions.mayNameALaterEvent(token);
        Object[] position = lookUp ? EventPositions.lookUpParameters(message, token) : new Object[]{positions.exact(message, token)};
        rows.write(lookUp ? INSERT_ENTRY_LOOKING_UP : INSERT_ENTRY_AT, concat(before, position, after));
    }

    // ---- the commissions' states: cached for the batch, written once when it commits ----

    private Optional<State> state(String commissionId) {
        Map<String, State> batch = batch();
        State cached = batch == null ? null : batch.get(commissionId);
        if (cached != null) {
            return Optional.of(cached);
        }
        List<State> stored = jdbc.query("SELECT * FROM balance_commissions WHERE commission_id = ?", (rs, n) -> new State(
                rs.getString("commission_id"), rs.getString("merchant_id"), rs.getString("affiliate_id"),
                rs.getString("currency"), CommissionKind.valueOf(rs.getString("kind").toUpperCase(java.util.Locale.ROOT)),
                rs.getString("conversion_id"), rs.getString("clawback_of"),
                CommissionStatus.valueOf(rs.getString("status").toUpperCase(java.util.Locale.ROOT)), rs.getBoolean("flagged"),
                rs.getString("payout_id"), rs.getLong("amount_cents")), commissionId);
        if (!stored.isEmpty() && batch != null) {
            batch.put(commissionId, stored.get(0));
        }
        return stored.stream().findFirst();
    }

    private void remember(State state) {
        Map<String, State> batch = batch();
        if (batch == null) {
            jdbc.update(UPSERT_STATE, stateRow(state));
            return;
        }
        batch.put(state.commissionId(), state);
        dirty().put(state.commissionId(), state);
    }

    /** The states read or changed in this batch (a root unit of work), or null outside one. */
    private Map<String, State> batch() {
        if (!CurrentUnitOfWork.isStarted()) {
            return null;
        }
        return batches().cache();
    }

    private Map<String, State> dirty() {
        return batches().dirty();
    }

    private record Batch(Map<String, State> cache, Map<String, State> dirty) {
    }

    private Batch batches() {
        UnitOfWork<?> root = CurrentUnitOfWork.get().root();
        return root.getOrComputeResource(STATES, key -> {
            Batch created = new Batch(new LinkedHashMap<>(), new LinkedHashMap<>());
            root.onPrepareCommit(unitOfWork -> {
                if (!created.dirty().isEmpty()) {
                    jdbc.batchUpdate(UPSERT_STATE, created.dirty().values().stream().map(BalanceProjector::stateRow).toList());
                    created.dirty().clear();
                }
            });
            return created;
        });
    }

    private static Object[] stateRow(State s) {
        return new Object[]{s.commissionId(), s.merchantId(), s.affiliateId(), s.currency(), s.kind().wireName(),
                s.conversionId(), s.clawbackOf(), s.status().wireName(), s.flagged(), s.payoutId(), s.amountCents()};
    }

    private static Object[] concat(Object[]... parts) {
        Object[] all = new Object[java.util.Arrays.stream(parts).mapToInt(part -> part.length).sum()];
        int at = 0;
        for (Object[] part : parts) {
            System.arraycopy(part, 0, all, at, part.length);
            at += part.length;
        }
        return all;
    }

    private static String clip(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    /**
     * Sequences the balance projection per affiliate: all events that move one affiliate's money in log order. Events
     * that name no affiliate are not handled here and need no order.
     */
    @Configuration(proxyBeanMethods = false)
    public static class Sequencing {
        private static final Map<Class<?>, Optional<Method>> AFFILIATE = new ConcurrentHashMap<>();

        static Object affiliateOf(EventMessage<?> event) {
            Object payload = event.getPayload();
            Optional<Method> accessor = AFFILIATE.computeIfAbsent(payload.getClass(), type -> {
                try {
                    return Optional.of(type.getMethod("affiliateId"));
                } catch (NoSuchMethodException e) {
                    return Optional.empty();
                }
            });
            if (accessor.isPresent()) {
                try {
                    Object affiliate = accessor.get().invoke(payload);
                    if (affiliate != null) {
                        return affiliate;
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read the affiliate of " + payload.getClass().getSimpleName(), e);
                }
            }
            return event.getIdentifier();
        }

        @Bean
        public ConfigurerModule balanceSequencingModule() {
            SequencingPolicy<EventMessage<?>> policy = Sequencing::affiliateOf;
            return configurer -> configurer.eventProcessing().registerSequencingPolicy(GROUP, config -> policy);
        }
    }
}
