package org.affiliateledger.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Duration;

/**
 * P: {@code POST /admin/v1/projections/rebuild} empties every read model and replays the whole event store into
 * them; timed until {@code GET /admin/v1/projections} reports every projection caught up with the head.
 */
final class RebuildScenario {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofMinutes(30);

    private final int port;
    private final Duration poll;
    private final java.util.Set<String> rebuilt = new java.util.TreeSet<>();

    RebuildScenario(int port, Duration poll) {
        this.port = port;
        this.poll = poll;
    }

    /** @return seconds from the rebuild request until every projection is caught up */
    double rebuild() throws IOException {
        try (HttpConnection http = new HttpConnection(port)) {
            long started = System.nanoTime();
            HttpConnection.Response accepted = http.post("/admin/v1/projections/rebuild", LedgerProcess.ADMIN_TOKEN, null);
            if (accepted.status() != 202) {
                throw new IllegalStateException("rebuild answered " + accepted.status() + ": " + accepted.text());
            }
            for (JsonNode processor : JSON.readTree(accepted.body())) {
                rebuilt.add(processor.path("name").asText());
            }
            while (!allCaughtUp(http)) {
                if (System.nanoTime() - started > TIMEOUT.toNanos()) {
                    throw new IllegalStateException("projections not caught up after " + TIMEOUT);
                }
                LedgerProcess.sleep(poll);
            }
            return (System.nanoTime() - started) / 1e9;
        }
    }

    /** The processors the rebuilds reset (every one that supports a reset), as the ledger answered. */
    java.util.Set<String> rebuilt() {
        return rebuilt;
    }

    boolean allCaughtUp(HttpConnection http) throws IOException {
        HttpConnection.Response status = http.get("/admin/v1/projections", LedgerProcess.ADMIN_TOKEN);
        JsonNode projections = JSON.readTree(status.body());
        boolean all = projections.size() > 0;
        for (JsonNode projection : projections) {
            all &= projection.path("caughtUp").asBoolean();
        }
        return all;
    }
}
