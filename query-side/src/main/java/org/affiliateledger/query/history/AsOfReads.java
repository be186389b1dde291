package org.affiliateledger.query.history;

import org.affiliateledger.events.common.InstantParam;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.query.affiliate.AffiliateProjector;
import org.affiliateledger.query.commission.CommissionProjector;
import org.affiliateledger.query.conversion.ConversionProjector;
import org.affiliateledger.query.payout.PayoutProjector;
import org.affiliateledger.query.support.Row;
import org.affiliateledger.query.support.RowProjection;
import org.affiliateledger.query.support.Rows;
import org.axonframework.eventhandling.TrackedEventMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * {@code GET /api/v1/{resource}/{id}?as_of=<instant>}: the resource exactly as it stood at that instant, rebuilt from
 * its own events recorded up to then, not read from the read model. The rebuild applies the read model's own
 * {@link RowProjection} to those events in memory, and the view is built from the rebuilt row by the same code that
 * builds it from the table, so the two answers cannot differ for the same events.
 */
@Component
public class AsOfReads {
    public static final String PARAMETER = "Answer with the resource as it stood at this instant (ISO-8601, e.g. "
            + "`2026-03-31T23:59:59Z`; recorded time), rebuilt from its events; 404 if it did not exist yet, 400 if in the future";
    public static final String POSITION_HEADER = "X-Ledger-As-Of-Position";
    public static final String POSITION_DESCRIPTION = "With `as_of`: the global position of the last event of this "
            + "resource the answer reflects (see `GET /api/v1/history`)";
    public static final String AS_OF_HEADER = "X-Ledger-As-Of";
    public static final String AS_OF_DESCRIPTION = "With `as_of`: the instant the answer is as of, in UTC";

    /** The resources that can be read as of an instant, with the read model each is a row of. */
    public enum Resource {
        AFFILIATE("affiliate", "affiliates", AffiliateProjector.ROWS),
        CONVERSION("conversion", "conversions", ConversionProjector.ROWS),
        COMMISSION("commission", "commissions", CommissionProjector.ROWS),
        PAYOUT("payout", "payouts", PayoutProjector.ROWS);

        private final String kind;
        private final String table;
        private final RowProjection rows;

        Resource(String kind, String table, RowProjection rows) {
            this.kind = kind;
            this.table = table;
            this.rows = rows;
        }

        public String kind() {
            return kind;
        }
    }

    /** A rebuilt row and the position of the last event the read model applied to it (the answer reflects the log up to there). */
    public record Rebuilt(Map<String, Object> row, long position) {
    }

    private final EventLog log;
    private final Clock clock;

    @Autowired
    public AsOfReads(EventLog log) {
        this(log, Clock.systemUTC());
    }

    AsOfReads(EventLog log, Clock clock) {
        this.log = log;
        this.clock = clock;
    }

    /** The HTTP answer: the view of the rebuilt row, with the position and instant it reflects in headers. */
    public <V> ResponseEntity<V> answer(String merchantId, Resource resource, String id, String asOfParam,
                                        Function<Row, V> view) {
        Instant asOf = parse(asOfParam);
        Rebuilt rebuilt = rebuild(merchantId, resource, id, asOf)
                .orElseThrow(() -> new NotFoundException(resource.kind() + " " + id + " not found as of "
                        + Timestamps.format(asOf)));
        return ResponseEntity.ok()
                .header(POSITION_HEADER, Long.toString(rebuilt.position()))
                .header(AS_OF_HEADER, Timestamps.format(asOf))
                .body(view.apply(Row.of(rebuilt.row())));
    }

    /** {@code as_of} as an instant: a 400 naming it when malformed or in the future. */
    public Instant parse(String asOfParam) {
        Instant asOf = InstantParam.parse("as_of", asOfParam);
        if (asOf.isAfter(clock.instant())) {
            throw new InvalidRequestException("as_of " + asOfParam + " is in the future: the ledger cannot tell what will "
                    + "have happened by then").withCode("as_of_in_future");
        }
        return asOf;
    }

    /**
     * The resource's row rebuilt from its events recorded at or before {@code asOf}; empty when it did not exist then,
     * or belongs to another merchant. A conversion's row also follows its own commission's events, as its projection does.
     */
    public Optional<Rebuilt> rebuild(String merchantId, Resource resource, String id, Instant asOf) {
        List<TrackedEventMessage<?>> events = new ArrayList<>(upTo(log.eventsOf(id), asOf));
        if (events.isEmpty()) {
            return Optional.empty();
        }
        if (resource == Resource.CONVERSION && events.get(0).getPayload() instanceof ConversionRecorded recorded
                && recorded.commissionId() != null) {
            events.addAll(upTo(log.eventsOf(recorded.commissionId()), asOf));
            events.sort(Comparator.comparingLong(AsOfReads::position));
        }
        Rows rows = new Rows();
        long position = 0;
        for (TrackedEventMessage<?> event : events) {
            var change = resource.rows.change(event);
            if (change.isPresent()) {
                change.get().applyTo(rows);
                position = Math.max(position, position(event));
            }
        }
        long reflected = position;
        return rows.find(resource.table, "id", id)
                .filter(row -> Objects.equals(row.get("merchant_id"), merchantId))
                .map(row -> new Rebuilt(row, reflected));
    }

    private static List<TrackedEventMessage<?>> upTo(List<TrackedEventMessage<?>> events, Instant asOf) {
        return events.stream().filter(event -> !event.getTimestamp().isAfter(asOf)).toList();
    }

    static long position(TrackedEventMessage<?> event) {
        return event.trackingToken().position().orElse(0);
    }
}
