package org.affiliateledger.infra.security;

import jakarta.annotation.PreDestroy;
import org.affiliateledger.infra.db.DatabaseOutages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The request entries of each key's audit log, and its last-used time. Written in batches off the request path
 * (every 200 ms and at shutdown), so auditing adds no database round trip to an API call; a hard crash can lose
 * the entries of the last fraction of a second. Ledger changes themselves are never at risk: they are events.
 */
@Component
public class RequestAudit {
    private static final Logger log = LoggerFactory.getLogger(RequestAudit.class);
    private static final int CAPACITY = 100_000;
    private static final int MAX_BATCH = 5_000;

    record Entry(String merchantId, String keyId, Instant at, String method, String path, int status, String client) {
    }

    private final BlockingQueue<Entry> pending = new ArrayBlockingQueue<>(CAPACITY);
    private final JdbcTemplate jdbc;
    private final AtomicBoolean outageLogged = new AtomicBoolean();
    private List<Entry> unwritten = new ArrayList<>();

    public RequestAudit(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** A dashboard action (a state-changing request under {@code /ui}), logged against the key its session signed in with. */
    public void recordDashboard(String merchantId, String keyId, String method, String path, int status, String client) {
        record(new Entry(merchantId, keyId, Instant.now(), method, path, status, client));
    }

    void record(Entry entry) {
        if (!pending.offer(entry)) {
            log.warn("request audit queue full; dropping an entry for key {}", entry.keyId());
        }
    }

    @Scheduled(fixedDelayString = "${ledger.audit.flush-interval-ms:200}")
    @PreDestroy
    public synchronized void flush() {
        List<Entry> batch = unwritten;
        unwritten = new ArrayList<>();
        while (true) {
            if (batch.size() < MAX_BATCH) {
                pending.drainTo(batch, MAX_BATCH - batch.size());
            }
            if (batch.isEmpty()) {
                return;
            }
            try {
                write(batch);
            } catch (RuntimeException e) {
                if (!DatabaseOutages.isOutage(e)) {
                    throw e;
                }
                // kept for the next flush: a database outage loses no audit entry (the queue bounds what waits)
                if (outageLogged.compareAndSet(false, true)) {
                    log.warn("request audit waits for the database ({} entries kept): {}", batch.size(), e.getMessage());
                }
                unwritten = batch;
                return;
            }
            outageLogged.set(false);
            batch = new ArrayList<>();
        }
    }

    /** Last-used times first (idempotent), then the entries: a batch retried after a failure is inserted once. */
    private void write(List<Entry> batch) {
        Map<String, Instant> lastUse = new HashMap<>();
        batch.forEach(e -> lastUse.merge(e.keyId(), e.at(), (a, b) -> a.isAfter(b) ? a : b));
        jdbc.batchUpdate("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                lastUse.entrySet().stream().map(e -> new Object[]{Timestamp.from(e.getValue()), e.getKey(),
                        Timestamp.from(e.getValue())}).toList());
        jdbc.batchUpdate("""
                        INSERT INTO api_key_audit (merchant_id, key_id, at, action, method, path, status, client_address)
                        VALUES (?, ?, ?, 'request', ?, ?, ?, ?)""",
                batch.stream().map(e -> new Object[]{e.merchantId(), e.keyId(), Timestamp.from(e.at()), e.method(),
                        truncate(e.path()), e.status(), e.client()}).toList());
    }

    private static String truncate(String path) {
        return path.length() <= 500 ? path : path.substring(0, 500);
    }
}
