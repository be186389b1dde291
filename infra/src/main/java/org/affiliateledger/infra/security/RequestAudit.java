package org.affiliateledger.infra.security;

import jakarta.annotation.PreDestroy;
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
        List<Entry> batch = new ArrayList<>();
        while (pending.drainTo(batch, MAX_BATCH) > 0) {
            write(batch);
            batch.clear();
        }
    }

    private void write(List<Entry> batch) {
        jdbc.batchUpdate("""
                        INSERT INTO api_key_audit (merchant_id, key_id, at, action, method, path, status, client_address)
                        VALUES (?, ?, ?, 'request', ?, ?, ?, ?)""",
                batch.stream().map(e -> new Object[]{e.merchantId(), e.keyId(), Timestamp.from(e.at()), e.method(),
                        truncate(e.path()), e.status(), e.client()}).toList());
        Map<String, Instant> lastUse = new HashMap<>();
        batch.forEach(e -> lastUse.merge(e.keyId(), e.at(), (a, b) -> a.isAfter(b) ? a : b));
        jdbc.batchUpdate("UPDATE api_keys SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                lastUse.entrySet().stream().map(e -> new Object[]{Timestamp.from(e.getValue()), e.getKey(),
                        Timestamp.from(e.getValue())}).toList());
    }

    private static String truncate(String path) {
        return path.length() <= 500 ? path : path.substring(0, 500);
    }
}
