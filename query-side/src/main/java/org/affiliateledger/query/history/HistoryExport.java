package org.affiliateledger.query.history;

import org.affiliateledger.query.history.EventLog.StoredEvent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The auditor's bundle: the merchant's linked events as NDJSON, read and written a thousand at a time (memory does not
 * grow with the history), each line a history item plus what it takes to recompute its link without the ledger:
 * <pre>
 * "chain": {"previousHash": link before it (another merchant's event, or 64 × "0"),
 *           "canonical":    the canonical encoding (ChainCodec),
 *           "payload":      base64 of the stored payload (null when it holds a secret: its digest is in canonical),
 *           "metadata":     base64 of the stored metadata}
 * </pre>
 * so that {@code sha256(previousHash ‖ canonical) = chainHash}, and the payload's and metadata's SHA-256 are the
 * canonical's 8th and 9th lines. The last line sums up: count, the links at both ends, the chain's head.
 */
@Component
public class HistoryExport {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int BATCH = 1_000;

    private final HistoryReads history;
    private final EventChain chain;
    private final JdbcClient jdbc;

    public HistoryExport(HistoryReads history, EventChain chain, JdbcClient jdbc) {
        this.history = history;
        this.chain = chain;
        this.jdbc = jdbc;
    }

    /** Writes the merchant's events linked so far that {@code filter} selects, then the summary line. */
    public void write(String merchantId, HistoryReads.Filter filter, OutputStream out) throws IOException {
        EventChain.Head head = chain.head();
        long after = 0;
        long count = 0;
        Long firstPosition = null;
        String previousHash = null;
        Long lastPosition = null;
        String lastHash = null;
        while (true) {
            List<HistoryReads.Indexed> rows = history.page(merchantId, filter, after, head.position(), BATCH);
            if (rows.isEmpty()) {
                break;
            }
            for (HistoryReads.Entry entry : history.entries(rows, true)) {
                out.write(JSON.writeValueAsBytes(line(entry)));
                out.write('\n');
                count++;
                if (firstPosition == null) {
                    firstPosition = entry.indexed().position();
                    previousHash = entry.previousHash();
                }
                lastPosition = entry.indexed().position();
                lastHash = entry.chainHash();
            }
            out.flush();
            after = rows.get(rows.size() - 1).position();
            if (rows.size() < BATCH) {
                break;
            }
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("count", count);
        summary.put("firstPosition", firstPosition);
        summary.put("previousHash", previousHash);
        summary.put("lastPosition", lastPosition);
        summary.put("lastHash", lastHash);
        summary.put("head", Map.of("position", head.position(), "hash", head.hash()));
        out.write(JSON.writeValueAsBytes(Map.of("summary", summary)));
        out.write('\n');
        out.flush();
    }

    /** When the event at {@code position} was recorded (null for none). */
    public Instant recordedAt(long position) {
        return jdbc.sql("SELECT \"timestamp\" FROM domainevententry WHERE globalindex = ?").param(position)
                .query(String.class).optional()
                .map(text -> {
                    try {
                        return Instant.parse(text);
                    } catch (DateTimeParseException e) {
                        return null;
                    }
                })
                .orElse(null);
    }

    private static Map<String, Object> line(HistoryReads.Entry entry) {
        HistoryItem item = HistoryReads.item(entry);
        Map<String, Object> line = new LinkedHashMap<>(JSON.convertValue(item, Map.class));
        StoredEvent event = entry.event();
        Map<String, Object> material = new LinkedHashMap<>();
        material.put("previousHash", entry.previousHash());
        material.put("canonical", event == null ? null : ChainCodec.canonical(event));
        material.put("payload", event == null || HistoryReads.hasSecrets(event) ? null : base64(event.payload()));
        material.put("metadata", event == null ? null : base64(event.metadata() == null ? new byte[0] : event.metadata()));
        line.put("chain", material);
        return line;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
