package org.affiliateledger.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.axonframework.common.DateTimeUtils;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
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

    record Loaded(long conversions, long events, double seconds) {
        double eventsPerSecond() {
            return events / seconds;
        }
    }

    /** Appends {@code conversions} conversions of one merchant's affiliate (2 events each) on {@code threads} connections. */
    Loaded load(String merchantId, String affiliateId, int conversions, int threads, int eventsPerBatch) throws Exception {
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Long>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = conversions / threads + (t < conversions % threads ? 1 : 0);
                parts.add(pool.submit(() -> loadPart(merchantId, affiliateId, share, eventsPerBatch / 2)));
            }
            long events = 0;
            for (Future<Long> part : parts) {
                events += part.get();
            }
            return new Loaded(conversions, events, (System.nanoTime() - started) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private long loadPart(String merchantId, String affiliateId, int conversions, int conversionsPerBatch) throws Exception {
        // rewritten into multi-row INSERTs by the driver: the fastest plain-JDBC way in
        try (Connection c = DriverManager.getConnection(jdbcUrl + "?reWriteBatchedInserts=true", user, "");
             PreparedStatement insert = c.prepareStatement(INSERT)) {
            c.setAutoCommit(false);
            long events = 0;
            for (int i = 0; i < conversions; i++) {
                long amount = 1_000 + (i % 9_000) * 10L; // a multiple of 10: the 10 % commission is exact
                Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
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

    /**
     * Moves every projection's token to the head, as if the projections had kept up with the load; the ledger is
     * stopped meanwhile. A rebuild then replays everything from the first event.
     */
    long advanceTokensToHead() throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, ""); Statement s = c.createStatement()) {
            var rs = s.executeQuery("SELECT max(globalindex) FROM domainevententry");
            rs.next();
            long head = rs.getLong(1);
            s.executeUpdate("""
                    UPDATE tokenentry SET token = convert_to('{"index":%d,"gaps":[]}', 'UTF8'),
                        tokentype = 'org.axonframework.eventhandling.GapAwareTrackingToken', owner = NULL""".formatted(head));
            return head;
        }
    }
}
