package org.affiliateledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.history.EventCatalogue;
import org.axonframework.common.DateTimeUtils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Fills the event store fast for P and R: conversions written straight into {@code domainevententry} with JDBC
 * batches, row for row what the ledger itself appends for a POST /api/v1/conversions (ConversionRecorded +
 * CommissionCreated, Axon's Jackson payloads and metadata, aggregate type, sequence number, timestamp format).
 */
final class EventLoader {
    /** The default 30-day hold: the loaded commissions are approvable then, as the ledger would have decided. */
    private static final java.time.Duration HOLD = java.time.Duration.ofDays(30);
    private static final String INSERT = """
            INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                          payloadrevision, payloadtype, "timestamp")
            VALUES (?, 0, ?, ?, ?, ?, NULL, ?, ?)""";
    private static final String RATE = "10";
    /** The loaded conversions happened over this long before the load: a month holds about a tenth of them. */
    static final java.time.Duration SPAN = java.time.Duration.ofDays(300);
    /** One loaded conversion in this many goes to the busy affiliate (the first of the list). */
    static final int BUSY_EVERY = 200;

    /** Configured like the ledger's Axon serializer (AxonConfig): ISO timestamps, JavaTimeModule. */
    private final ObjectMapper json = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final String jdbcUrl;
    private final String user;

    /** @param jdbcUrl the ledger's database */
    EventLoader(String jdbcUrl, String user) {
        this.jdbcUrl = jdbcUrl;
        this.user = user;
    }

    /** @param spanEnd the newest loaded conversion's time (ISO-8601); the oldest is {@link #SPAN} before it */
    record Loaded(long conversions, long events, double seconds, String spanEnd) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /**
     * Appends {@code conversions} conversions of one merchant (2 events each) on {@code threads} connections, spread
     * evenly over the {@link #SPAN} before now (each event's timestamp is its recorded and effective time) and over
     * {@code affiliates}: every {@value #BUSY_EVERY}th goes to the first one (the busy affiliate), the rest round the
     * others.
     */
    Loaded load(String merchantId, List<String> affiliates, int conversions, int threads, int eventsPerBatch) throws Exception {
        long started = System.nanoTime();
        Instant end = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> parts = new ArrayList<>();
            int first = 0;
            for (int t = 0; t < threads; t++) {
                int share = conversions / threads + (t < conversions % threads ? 1 : 0);
                int from = first;
                parts.add(pool.submit(() -> loadPart(merchantId, affiliates, from, share, conversions, end, eventsPerBatch / 2)));
                first += share;
            }
            long events = 0;
            for (Future<Long> part : parts) {
                events += part.get();
            }
            return new Loaded(conversions, events, (System.nanoTime() - started) / 1e9, end.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    /** The affiliate of the {@code n}th loaded conversion. */
    static String affiliateOf(List<String> affiliates, int n) {
        if (affiliates.size() == 1 || n % BUSY_EVERY == 0) {
            return affiliates.get(0);
        }
        return affiliates.get(1 + n % (affiliates.size() - 1));
    }

    /** When the {@code n}th of {@code total} loaded conversions happened: evenly over the span before {@code end}. */
    static Instant timeOf(int n, int total, Instant end) {
        long spanMillis = SPAN.toMillis();
        return end.minusMillis(spanMillis - spanMillis * n / Math.max(1, total));
    }

    private long loadPart(String merchantId, List<String> affiliates, int first, int conversions, int total, Instant end,
                          int conversionsPerBatch) throws Exception {
        // rewritten into multi-row INSERTs by the driver: the fastest plain-JDBC way in
        try (Connection c = DriverManager.getConnection(jdbcUrl + "?reWriteBatchedInserts=true", user, "");
             PreparedStatement insert = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            long events = 0;
            for (int i = 0; i < conversions; i++) {
                int n = first + i;
                long amount = 1_000 + (n % 9_000) * 10L; // a multiple of 10: the 10 % commission is exact
                Instant at = timeOf(n, total, end);
                String affiliateId = affiliateOf(affiliates, n);
                String conversionId = Ids.CONVERSION.next();
                String commissionId = Ids.COMMISSION.next();
                byte[] metadata = metadata();
                add(insert, conversionId, "Conversion", metadata, new ConversionRecorded(conversionId, merchantId, affiliateId,
                        ConversionSource.MANUAL, "bulk-" + conversionId, amount, "USD", commissionId, RATE, amount / 10, null, at), at);
                add(insert, commissionId, "Commission", metadata, new CommissionCreated(commissionId, merchantId, conversionId,
                        affiliateId, 0, amount, RATE, amount / 10, "USD", CommissionKind.COMMISSION, null,
                        at.plus(HOLD)), at);
                events += 2;
                if ((i + 1) % conversionsPerBatch == 0 || i == conversions - 1) {
                    insert.executeBatch();
                    c.commit();
                }
            }
            return events;
        }
    }

    private void add(PreparedStatement insert, String aggregateId, String type, byte[] metadata, Object payload, Instant at)
            throws Exception {
        insert.setString(1, aggregateId);
        insert.setString(2, type);
        insert.setString(3, UUID.randomUUID().toString());
        insert.setBytes(4, metadata);
        insert.setBytes(5, json.writeValueAsBytes(payload));
        insert.setString(6, payload.getClass().getName());
        insert.setString(7, DateTimeUtils.formatInstant(at));
        insert.addBatch();
    }

    /** Axon's correlation data: one command's events share a trace and correlation id. */
    private static byte[] metadata() {
        String id = UUID.randomUUID().toString();
        return ("{\"traceId\":\"" + id + "\",\"correlationId\":\"" + id + "\"}").getBytes(UTF_8);
    }

    /** Where the loaded events sit: after {@code before}, up to {@code head}; {@code processors} are the token owners moved there. */
    record Moved(long before, long head, List<String> processors) {
    }

    /** The event store's head now (0 when empty). */
    long head() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COALESCE(max(globalindex), 0) FROM domainevententry")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Moves every event processor's token to the head, as if each had kept up with the load; the ledger is stopped
     * meanwhile. Every processor the ledger has run has rows in {@code tokenentry} (read from there, not from a list
     * here, so a processor added later is moved too). What each one would have written is then either written here
     * ({@link #fillBalances}), written by the audit scenario (the history index), refilled by P's rebuild (the read
     * models), or deliberately skipped: sagas, webhook outbox and meters never hear of the loaded events, which is
     * how the loaded commissions stay pending, with no deadlines or webhook messages.
     */
    Moved advanceTokensToHead(long before) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement s = c.createStatement()) {
            long head = head();
            List<String> processors = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT DISTINCT processorname FROM tokenentry ORDER BY processorname")) {
                while (rs.next()) {
                    processors.add(rs.getString(1));
                }
            }
            s.executeUpdate("""
                    UPDATE tokenentry SET token = convert_to('{"index":%d,"gaps":[]}', 'UTF8'),
                        tokentype = 'org.axonframework.eventhandling.GapAwareTrackingToken', owner = NULL""".formatted(head));
            return new Moved(before, head, processors);
        }
    }

    /**
     * What the balances projector ({@code balances}, tables {@code balance_entries} and {@code balance_commissions})
     * would have written for the loaded events, in one INSERT … SELECT each: every loaded CommissionCreated is an
     * "earned" entry from {@code earned} to {@code pending} at its event's position and time, and a pending commission.
     * The same rows as a replay writes (P checks: the balance tables' checksum before and after the first rebuild). The
     * merchant totals' day buckets ({@code balance_day_totals}) follow from the entries' insert trigger, as they do for
     * the projector, so the totals the dashboard and F read are the loaded ones.
     *
     * @return the entries written
     */
    long fillBalances(Moved moved) throws SQLException {
        String events = """
                SELECT convert_from(payload, 'UTF8')::jsonb AS p, convert_from(metadata, 'UTF8')::jsonb AS m,
                       "timestamp"::timestamptz AS at, globalindex, eventidentifier
                FROM domainevententry
                WHERE payloadtype = ? AND globalindex > ? AND globalindex <= ?""";
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, "")) {
            c.setAutoCommit(false);
            long entries;
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO balance_entries (merchant_id, affiliate_id, currency, commission_id, commission_kind, movement,
                                                 from_bucket, to_bucket, amount_cents, effective_at, recorded_at, position,
                                                 event_id, event_type, conversion_id, clawback_of, payout_id, reference, note, actor)
                    SELECT p ->> 'merchantId', p ->> 'affiliateId', p ->> 'currency', p ->> 'commissionId', 'commission', 'earned',
                           'earned', 'pending', (p ->> 'amountCents')::bigint, COALESCE((m ->> 'effectiveAt')::timestamptz, at), at,
                           globalindex, eventidentifier, ?, p ->> 'conversionId', NULL, NULL, NULL, NULL, COALESCE(m ->> 'actor', 'unknown')
                    FROM (%s) e
                    WHERE p ->> 'kind' = 'COMMISSION' AND (p ->> 'amountCents')::bigint <> 0
                    ON CONFLICT (event_id, commission_id) DO NOTHING""".formatted(events))) {
                insert.setString(1, EventCatalogue.typeOf(CommissionCreated.class.getName(), "Commission"));
                insert.setString(2, CommissionCreated.class.getName());
                insert.setLong(3, moved.before());
                insert.setLong(4, moved.head());
                entries = insert.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("""
                    INSERT INTO balance_commissions (commission_id, merchant_id, affiliate_id, currency, kind, conversion_id,
                                                     clawback_of, status, flagged, payout_id, amount_cents)
                    SELECT p ->> 'commissionId', p ->> 'merchantId', p ->> 'affiliateId', p ->> 'currency', 'commission',
                           p ->> 'conversionId', NULL, 'pending', false, NULL, (p ->> 'amountCents')::bigint
                    FROM (%s) e
                    WHERE p ->> 'kind' = 'COMMISSION'
                    ON CONFLICT (commission_id) DO NOTHING""".formatted(events))) {
                insert.setString(1, CommissionCreated.class.getName());
                insert.setLong(2, moved.before());
                insert.setLong(3, moved.head());
                insert.executeUpdate();
            }
            c.commit();
            return entries;
        }
    }

    /** md5 over the balance tables' rows, as GET /admin/v1/projections/checksums computes it per table. */
    String balancesChecksum() throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement s = c.createStatement()) {
            for (String table : List.of("balance_entries", "balance_commissions", "balance_day_totals")) {
                try (ResultSet exists = s.executeQuery("SELECT to_regclass('" + table + "') IS NOT NULL")) {
                    exists.next();
                    if (!exists.getBoolean(1)) {
                        continue; // an older ledger, measured for comparison, has no such table yet
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*), md5(coalesce(string_agg(r.h, '' ORDER BY r.h), '')) "
                        + "FROM (SELECT md5(ROW(t.*)::text) AS h FROM " + table + " t) r")) {
                    rs.next();
                    all.append(table).append(':').append(rs.getLong(1)).append(':').append(rs.getString(2)).append(' ');
                }
            }
        }
        return all.toString().strip();
    }
}
