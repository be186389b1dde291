package org.affiliateledger.bench;

import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * W: {@code POST /api/v1/conversions} with an API key, each with a new {@code external_id} (the affilut idempotency
 * key, so the uniqueness claim is part of every write). L: while W runs, a probe writes a conversion, and from the
 * moment the 201 arrives polls {@code GET /api/v1/conversions/{id}} until the projection shows it.
 */
final class WriteScenario {
    private static final AtomicLong EXTERNAL_IDS = new AtomicLong();
    /** Unique per harness JVM, so runs against a database that already holds conversions never repeat an external_id. */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private final int port;
    private final String key;
    private final java.util.List<String> affiliateIds;

    /** Each write goes to the next affiliate in turn. */
    WriteScenario(int port, String key, java.util.List<String> affiliateIds) {
        this.port = port;
        this.key = key;
        this.affiliateIds = java.util.List.copyOf(affiliateIds);
    }

    ClosedLoop.Run run(int clients, Duration duration) {
        return ClosedLoop.run(clients, duration, i -> new ClosedLoop.Operation() {
            final HttpConnection http = new HttpConnection(port);

            @Override
            public void call() {
                record(http);
            }

            @Override
            public void close() {
                http.close();
            }
        });
    }

    /** W at {@code clients} with the lag probe running beside it; returns the run and the lag histogram (µs). */
    RunWithLag runWithLag(int clients, Duration duration) {
        Histogram lag = Latency.newHistogram();
        AtomicBoolean stop = new AtomicBoolean();
        Thread probe = new Thread(() -> probe(lag, stop), "lag-probe");
        probe.start();
        ClosedLoop.Run run = run(clients, duration);
        stop.set(true);
        try {
            probe.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new RunWithLag(run, lag);
    }

    record RunWithLag(ClosedLoop.Run run, Histogram lagMicros) {
    }

    private String record(HttpConnection http) {
        long n = EXTERNAL_IDS.incrementAndGet();
        String affiliateId = affiliateIds.get((int) (n % affiliateIds.size()));
        String body = "{\"affiliate_id\":\"" + affiliateId + "\",\"amount_cents\":4900,\"external_id\":\"bench-" + RUN + "-"
                + n + "\"}";
        HttpConnection.Response response = http.post("/api/v1/conversions", key, body);
        if (response.status() != 201) {
            throw new IllegalStateException("POST /api/v1/conversions answered " + response.status() + ": " + response.text());
        }
        String text = response.text();
        int start = text.indexOf("cnv_");
        return text.substring(start, text.indexOf('"', start));
    }

    private void probe(Histogram lag, AtomicBoolean stop) {
        try (HttpConnection writer = new HttpConnection(port); HttpConnection reader = new HttpConnection(port)) {
            while (!stop.get()) {
                String id = record(writer);
                long acknowledged = System.nanoTime();
                while (reader.get("/api/v1/conversions/" + id, key).status() != 200) {
                    if (System.nanoTime() - acknowledged > Duration.ofSeconds(60).toNanos()) {
                        throw new IllegalStateException("conversion " + id + " not visible after 60 s");
                    }
                    Thread.sleep(1);
                }
                Latency.record(lag, acknowledged, System.nanoTime());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            System.out.println("  lag probe stopped: " + e);
        }
    }
}
