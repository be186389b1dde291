package org.affiliateledger.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * D: outbound webhooks to a receiver in this process (JDK HttpServer, answers 200 at once, records when each
 * {@code webhook-id} first arrived at each endpoint path). {@code endpoints} endpoints subscribe to
 * {@code commission.created}, so every conversion recorded over the API yields that many deliveries.
 * <ul>
 *     <li>Rate: writers at W's top concurrency build a backlog, then stop; deliveries/s is how fast the dispatcher
 *     drains what was left (the dispatcher alone, like the baseline), beside the rate while writes were still running.</li>
 *     <li>First-attempt latency: one paced writer; latency = first arrival at the receiver − the 201 of the conversion
 *     (the commit).</li>
 *     <li>Baseline: a plain loop of Apache HttpClient 5 (the library the ledger delivers with) at the ledger's worker
 *     count, posting a body of the same size to the same receiver.</li>
 * </ul>
 */
final class WebhookScenario implements AutoCloseable {
    private static final AtomicLong EXTERNAL_IDS = new AtomicLong();
    private static final String RUN = "whk-" + Long.toString(System.currentTimeMillis(), 36);
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(5);

    private final int port;
    private final String key;
    private final String affiliateId;
    private final HttpServer receiver;
    private final ExecutorService receiverThreads;
    /** 201 time of each conversion id, for the latency phase. */
    private final Map<String, Long> committed = new ConcurrentHashMap<>();
    /** First arrival per webhook-id + path: retries and duplicates count once. */
    private final Map<String, Boolean> seen = new ConcurrentHashMap<>();
    private final AtomicLong firstArrivals = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong lastArrival = new AtomicLong();
    private final Histogram latency = Latency.newHistogram();

    record Rate(long deliveries, double underLoadPerSecond, long backlogAtStop, double drainPerSecond, double drainSeconds) {
    }

    WebhookScenario(int port, String key, String affiliateId) throws IOException {
        this.port = port;
        this.key = key;
        this.affiliateId = affiliateId;
        this.receiverThreads = Executors.newFixedThreadPool(32, new java.util.concurrent.ThreadFactory() {
            private final java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();

            @Override
            public Thread newThread(Runnable task) {
                Thread thread = new Thread(task, "receiver-" + next.getAndIncrement());
                thread.setDaemon(true);
                return thread;
            }
        });
        this.receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        receiver.createContext("/hook/", this::receive);
        receiver.createContext("/plain/", WebhookScenario::answer);
        receiver.setExecutor(receiverThreads);
        receiver.start();
    }

    private final List<String> endpointIds = new ArrayList<>();

    /** Registers {@code endpoints} endpoints on the receiver for commission.created. */
    void register(int endpoints) {
        try (HttpConnection http = new HttpConnection(port)) {
            for (int i = 0; i < endpoints; i++) {
                HttpConnection.Response created = http.post("/api/v1/webhook-endpoints", key,
                        "{\"url\":\"" + receiverUrl("/hook/" + i) + "\",\"event_types\":[\"commission.created\"]}");
                if (created.status() != 201) {
                    throw new IllegalStateException("registering a webhook endpoint answered " + created.status() + ": " + created.text()
                            + " (the ledger needs LEDGER_WEBHOOKS_ALLOW_PRIVATE_TARGETS=true for a loopback receiver)");
                }
                String text = created.text();
                int start = text.indexOf("whe_");
                endpointIds.add(text.substring(start, text.indexOf('"', start)));
            }
        }
    }

    /** Writers at {@code clients} for {@code duration}, then the drain; every delivery must arrive. */
    Rate rate(int clients, Duration duration, int endpoints) {
        long arrivedBefore = firstArrivals.get();
        long started = System.nanoTime();
        ClosedLoop.Run writes = ClosedLoop.run(clients, duration, i -> writer(false));
        long stopped = System.nanoTime();
        long arrivedAtStop = firstArrivals.get() - arrivedBefore;
        long expected = writes.operations() * endpoints;
        awaitArrivals(arrivedBefore + expected);
        long total = firstArrivals.get() - arrivedBefore;
        long backlog = expected - arrivedAtStop;
        double drainSeconds = Math.max(0, (lastArrival.get() - stopped) / 1e9);
        return new Rate(total, arrivedAtStop / ((stopped - started) / 1e9), backlog,
                backlog > 0 && drainSeconds > 0 ? backlog / drainSeconds : 0, drainSeconds);
    }

    /** One writer pacing conversions {@code every} apart; returns the first-attempt latencies (µs) of their deliveries. */
    Histogram latency(Duration duration, Duration every, int endpoints) {
        long arrivedBefore = firstArrivals.get();
        latency.reset();
        long conversions = 0;
        try (Writer writer = writer(true)) {
            long next = System.nanoTime();
            long end = next + duration.toNanos();
            while (System.nanoTime() < end) {
                writer.call();
                conversions++;
                next += every.toNanos();
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    LedgerProcess.sleep(Duration.ofNanos(wait));
                }
            }
        }
        awaitArrivals(arrivedBefore + conversions * endpoints);
        synchronized (latency) {
            return latency.copy();
        }
    }

    /** The plain client loop: {@code clients} threads on one pooled Apache client, same body size, same receiver. */
    ClosedLoop.Run baseline(int clients, Duration duration, int endpoints) {
        CloseableHttpClient client = HttpClients.custom().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                .setMaxConnTotal(clients).setMaxConnPerRoute(clients).build()).build();
        String body = "{\"type\":\"commission.created\",\"timestamp\":\"2026-01-01T00:00:00.000Z\",\"data\":{\"commissionId\":"
                + "\"com_01jbenchbenchbenchbenchbench\",\"conversionId\":\"cnv_01jbenchbenchbenchbenchbench\",\"affiliateId\":\""
                + affiliateId + "\",\"tier\":0,\"kind\":\"standard\",\"rate\":\"10\",\"amountCents\":490,\"currency\":\"USD\",\"clawbackOf\":null}}";
        AtomicLong ids = new AtomicLong();
        try (client) {
            return ClosedLoop.run(clients, duration, i -> () -> {
                HttpPost post = new HttpPost(receiverUrl("/plain/" + (i % endpoints)));
                post.setHeader("webhook-id", "msg_plain_" + ids.incrementAndGet());
                post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
                int status = client.execute(post, (ClassicHttpResponse response) -> {
                    EntityUtils.consume(response.getEntity());
                    return response.getCode();
                });
                if (status != 200) {
                    throw new IllegalStateException("receiver answered " + status);
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long duplicates() {
        return duplicates.get();
    }

    private interface Writer extends ClosedLoop.Operation {
        @Override
        void call();
    }

    private Writer writer(boolean remember) {
        HttpConnection http = new HttpConnection(port);
        return new Writer() {
            @Override
            public void call() {
                String body = "{\"affiliate_id\":\"" + affiliateId + "\",\"amount_cents\":4900,\"external_id\":\"" + RUN + "-"
                        + EXTERNAL_IDS.incrementAndGet() + "\"}";
                HttpConnection.Response response = http.post("/api/v1/conversions", key, body);
                long at = System.nanoTime();
                if (response.status() != 201) {
                    throw new IllegalStateException("POST /api/v1/conversions answered " + response.status() + ": " + response.text());
                }
                if (remember) {
                    committed.put(conversionId(response.text()), at);
                }
            }

            @Override
            public void close() {
                http.close();
            }
        };
    }

    private void receive(HttpExchange exchange) throws IOException {
        long at = System.nanoTime();
        String body;
        try (InputStream in = exchange.getRequestBody()) {
            body = new String(in.readAllBytes(), UTF_8);
        }
        String id = exchange.getRequestHeaders().getFirst("webhook-id");
        if (id != null && seen.putIfAbsent(id + exchange.getRequestURI().getPath(), Boolean.TRUE) == null) {
            Long commit = committed.get(conversionId(body));
            if (commit != null) {
                synchronized (latency) {
                    Latency.record(latency, commit, at);
                }
            }
            lastArrival.accumulateAndGet(at, Math::max);
            firstArrivals.incrementAndGet();
        } else {
            duplicates.incrementAndGet();
        }
        respond(exchange);
    }

    /** The baseline's handler: reads the body, answers 200. */
    private static void answer(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        respond(exchange);
    }

    /**
     * 200 without a body, on a body already read: reading a closed body stream again throws, and the JDK server then
     * drops the connection without answering (the sender sees "no response" and retries: duplicates, not deliveries).
     */
    private static void respond(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private void awaitArrivals(long target) {
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (firstArrivals.get() < target) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + firstArrivals.get() + " of " + target + " webhook deliveries arrived within " + DRAIN_TIMEOUT);
            }
            LedgerProcess.sleep(Duration.ofMillis(2));
        }
    }

    private String receiverUrl(String path) {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + path;
    }

    private static String conversionId(String text) {
        int start = text.indexOf("cnv_");
        return start < 0 ? "" : text.substring(start, text.indexOf('"', start));
    }

    static List<Double> perSecond(List<Rate> rates) {
        List<Double> out = new ArrayList<>();
        rates.forEach(r -> out.add(r.drainPerSecond()));
        return out;
    }

    /** Deletes the endpoints, so later scenarios (bulk-loaded events, rebuilds) queue no deliveries to a receiver that is gone. */
    @Override
    public void close() {
        try (HttpConnection http = new HttpConnection(port)) {
            endpointIds.forEach(id -> http.delete("/api/v1/webhook-endpoints/" + id, key));
        }
        receiver.stop(0);
        receiverThreads.shutdownNow();
    }
}
