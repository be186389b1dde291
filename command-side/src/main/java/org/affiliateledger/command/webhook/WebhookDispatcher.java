package org.affiliateledger.command.webhook;

import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.webhook.RecordWebhookAttempt;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery workers. A poller claims due deliveries with {@code FOR UPDATE SKIP LOCKED} and a lease (so with several
 * nodes each attempt is made by one of them; leases run on the database's clock, so nodes whose clocks disagree still
 * never take each other's attempts), at most {@code perEndpoint} at a time per endpoint and never more than
 * there are idle workers; the workers make the HTTP calls outside any transaction and record each outcome (attempt
 * row + delivery state) in one transaction. A node that dies mid-attempt leaves a lease that expires and the attempt
 * is made again (receivers deduplicate on {@code webhook-id}). Event processors never wait on any of this: they only
 * write the outbox.
 */
public class WebhookDispatcher implements SmartLifecycle {
    static final int RESPONSE_BYTES = 16 * 1024;
    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(15);
    /** Who the attempts' events name as their cause. */
    static final String ACTOR = AuditMetadata.saga("webhook-delivery");
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final tools.jackson.databind.json.JsonMapper HEADERS_JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final CloseableHttpClient http;
    private final WebhookSecrets secrets;
    private final CommandGateway commands;
    private final int threads;
    private final int perEndpoint;
    private final Duration pollInterval;
    private final String node = UUID.randomUUID().toString();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final java.util.concurrent.atomic.AtomicBoolean wakeQueued = new java.util.concurrent.atomic.AtomicBoolean();
    private ExecutorService workers;
    private ScheduledExecutorService poller;
    private volatile boolean running;
    private volatile AttemptObserver observer = (statusCode, durationMs) -> {
    };

    /** Told of every attempt made by this node (metrics): the endpoint's status (null without an answer) and duration. */
    @FunctionalInterface
    public interface AttemptObserver {
        void attempted(Integer statusCode, long durationMs);
    }

    public void observe(AttemptObserver observer) {
        this.observer = observer;
    }

    public WebhookDispatcher(JdbcClient jdbc, PlatformTransactionManager transactions, Clock clock, CloseableHttpClient http,
                             WebhookSecrets secrets, CommandGateway commands, int threads, int perEndpoint,
                             Duration pollInterval) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(transactions);
        this.clock = clock;
        this.http = http;
        this.secrets = secrets;
        this.commands = commands;
        this.threads = threads;
        this.perEndpoint = perEndpoint;
        this.pollInterval = pollInterval;
    }

    /** @param replay a replay was due when it was claimed: this attempt is that replay (it restarts the schedule) */
    record Claimed(String messageId, String endpointId, String merchantId, int attempts, boolean replay) {
    }

    record Outcome(Integer statusCode, long durationMs, String response, String error, Duration retryAfter,
                   Map<String, String> requestHeaders) {
    }

    @Override
    public void start() {
        workers = Executors.newFixedThreadPool(threads, daemonThreads("webhook-worker-"));
        poller = Executors.newSingleThreadScheduledExecutor(daemonThreads("webhook-poller-"));
        running = true;
        poller.scheduleWithFixedDelay(this::pollSafely, pollInterval.toMillis(), pollInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        running = false;
        poller.shutdownNow();
        workers.shutdown();
        try {
            workers.awaitTermination(TOTAL_TIMEOUT.toSeconds() + 1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workers.shutdownNow();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        // stops before the web server and the database pool go away
        return Integer.MAX_VALUE - 2048;
    }

    /**
     * Polls now (on the poller thread) instead of at the next tick; calls while one is already queued coalesce. Called
     * when a worker finishes and when the outbox commits new deliveries, so a busy dispatcher never idles until the
     * next tick and a new message's first attempt does not wait for it either.
     */
    public void wake() {
        if (running && wakeQueued.compareAndSet(false, true)) {
            try {
                poller.execute(() -> {
                    wakeQueued.set(false);
                    pollSafely();
                });
            } catch (java.util.concurrent.RejectedExecutionException stopping) {
                wakeQueued.set(false);
            }
        }
    }

    private void pollSafely() {
        try {
            poll();
        } catch (RuntimeException e) {
            log.warn("webhook poll failed; retrying at the next poll", e);
        }
    }

    /** Claims what is due (up to the idle workers) and hands it to them; returns how many were claimed. */
    int poll() {
        int idle = threads - inFlight.get();
        if (idle <= 0 || !running) {
            return 0;
        }
        List<Claimed> claimed = claim(idle);
        for (Claimed delivery : claimed) {
            inFlight.incrementAndGet();
            workers.execute(() -> {
                try {
                    attempt(delivery);
                } catch (RuntimeException e) {
                    log.warn("webhook attempt of {} to {} failed to record; the lease expires and it is retried",
                            delivery.messageId(), delivery.endpointId(), e);
                } finally {
                    inFlight.decrementAndGet();
                    wake(); // a worker is free: claim what is due now rather than at the next tick
                }
            });
        }
        return claimed.size();
    }

    List<Claimed> claim(int max) {
        Instant now = clock.instant();
        Timestamp at = Timestamp.from(now);
        return tx.execute(status -> {
            // live leases per endpoint (any node) count against perEndpoint, so the cap holds across the cluster
            List<Due> due = jdbc.sql("""
                            WITH due AS (
                                SELECT d.message_id, d.endpoint_id, d.merchant_id, d.attempts, d.next_attempt_at, d.replays_due
                                FROM webhook_deliveries d
                                WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < now())
                                ORDER BY d.next_attempt_at LIMIT ? FOR UPDATE OF d SKIP LOCKED)
                            SELECT due.message_id, due.endpoint_id, due.merchant_id, due.attempts,
                                   (SELECT count(*) FROM webhook_deliveries o WHERE o.endpoint_id = due.endpoint_id
                                    AND o.status = 'pending' AND o.lease_until IS NOT NULL AND o.lease_until >= now()) AS leased,
                                   due.replays_due
                            FROM due ORDER BY due.next_attempt_at""")
                    .params(at, max * 4)
                    .query((rs, n) -> new Due(new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                            rs.getInt(6) > 0), rs.getInt(5)))
                    .list();
            Map<String, Integer> perEndpointCount = new HashMap<>();
            List<Claimed> taken = new ArrayList<>();
            for (Due candidate : due) {
                Claimed delivery = candidate.delivery();
                if (taken.size() >= max
                        || perEndpointCount.merge(delivery.endpointId(), 1, Integer::sum) + candidate.leased() > perEndpoint) {
                    continue;
                }
                jdbc.sql("""
                                UPDATE webhook_deliveries SET lease_owner = ?, lease_until = now() + make_interval(secs => ?)
                                WHERE message_id = ? AND endpoint_id = ?""")
                        .params(node, LEASE.toSeconds(), delivery.messageId(), delivery.endpointId())
                        .update();
                taken.add(delivery);
            }
            return taken;
        });
    }

    private record Due(Claimed delivery, int leased) {
    }

    private record Target(String url, boolean enabled, String payload) {
    }

    void attempt(Claimed delivery) {
        Target target = jdbc.sql("""
                        SELECT e.url, e.enabled AND e.deleted_at IS NULL AS enabled, m.payload
                        FROM webhook_endpoints e, webhook_messages m WHERE e.id = ? AND m.id = ?""")
                .params(delivery.endpointId(), delivery.messageId())
                .query((rs, n) -> new Target(rs.getString(1), rs.getBoolean(2), rs.getString(3)))
                .single();
        if (!target.enabled()) {
            jdbc.sql("""
                            UPDATE webhook_deliveries SET status = 'parked', lease_owner = NULL, lease_until = NULL, updated_at = ?
                            WHERE message_id = ? AND endpoint_id = ? AND lease_owner = ?""")
                    .params(Timestamp.from(Instant.now()), delivery.messageId(), delivery.endpointId(), node)
                    .update();
            return;
        }
        Instant startedAt = clock.instant();
        List<String> signing = secrets.active(delivery.merchantId(), delivery.endpointId(), startedAt);
        Outcome outcome = send(target.url(), delivery.messageId(), startedAt.getEpochSecond(), target.payload(), signing);
        record(delivery, startedAt, outcome);
        observer.attempted(outcome.statusCode(), outcome.durationMs());
    }

    Outcome send(String url, String messageId, long unixSeconds, String body, List<String> signing) {
        HttpPost post = new HttpPost(url);
        post.setHeader("webhook-id", messageId);
        post.setHeader("webhook-timestamp", Long.toString(unixSeconds));
        post.setHeader("webhook-signature", WebhookSecrets.signature(signing, messageId, unixSeconds, body));
        post.setHeader("User-Agent", "AffiliateLedger-Webhooks/1");
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        Map<String, String> sentHeaders = new java.util.LinkedHashMap<>();
        for (Header header : post.getHeaders()) {
            sentHeaders.put(header.getName(), header.getValue());
        }
        sentHeaders.put("Content-Type", ContentType.APPLICATION_JSON.toString());
        return sendPrepared(post, sentHeaders);
    }

    private Outcome sendPrepared(HttpPost post, Map<String, String> sentHeaders) {
        long started = System.nanoTime();
        ScheduledFuture<?> deadline = poller.schedule(post::cancel, TOTAL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        try (ClassicHttpResponse response = http.executeOpen(null, post, null)) {
            String text = null;
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                try (InputStream in = entity.getContent()) {
                    byte[] head = in.readNBytes(RESPONSE_BYTES);
                    text = new String(head, StandardCharsets.UTF_8);
                    if (in.read() != -1) {
                        post.cancel(); // do not drain a huge body
                    }
                }
            }
            return new Outcome(response.getCode(), millisSince(started), text, null, retryAfter(response), sentHeaders);
        } catch (IOException | RuntimeException e) {
            String error = post.isCancelled() && millisSince(started) >= TOTAL_TIMEOUT.toMillis() - 50
                    ? "timed out after " + TOTAL_TIMEOUT.toSeconds() + " s"
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Outcome(null, millisSince(started), null, error, null, sentHeaders);
        } finally {
            deadline.cancel(false);
        }
    }

    /**
     * Reports the attempt, in one transaction on the locked delivery row: its log row (with the response and the headers
     * sent, which stay out of the event), and the {@link RecordWebhookAttempt} command, whose event the delivery saga
     * follows in the same transaction to decide what comes next. The attempt's number is the delivery's count plus one,
     * so {@code attempts} always equals the attempt log; a replay asked for meanwhile (even while this attempt was under
     * way) is one more attempt, made at once.
     */
    private void record(Claimed delivery, Instant startedAt, Outcome outcome) {
        Instant now = clock.instant();
        tx.executeWithoutResult(status -> {
            record Current(int attempts, boolean leased) {
            }
            Current current = jdbc.sql("""
                            SELECT attempts, lease_owner = ? AS leased FROM webhook_deliveries
                            WHERE message_id = ? AND endpoint_id = ? FOR UPDATE""")
                    .params(node, delivery.messageId(), delivery.endpointId())
                    .query((rs, n) -> new Current(rs.getInt(1), rs.getBoolean(2)))
                    .single();
            int attempt = current.attempts() + 1;
            jdbc.sql("""
                            INSERT INTO webhook_attempts (message_id, endpoint_id, merchant_id, attempt, attempted_at,
                                                          status_code, duration_ms, response, error, request_headers)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(delivery.messageId(), delivery.endpointId(), delivery.merchantId(), attempt,
                            Timestamp.from(startedAt), outcome.statusCode(), outcome.durationMs(),
                            outcome.response() == null ? null : outcome.response().replace("\u0000", ""), outcome.error(),
                            outcome.requestHeaders() == null ? null : HEADERS_JSON.writeValueAsString(outcome.requestHeaders()))
                    .update();
            Duration retryAfter = outcome.retryAfter();
            commands.sendAndWait(AuditedCommands.with(new RecordWebhookAttempt(
                    RecordWebhookAttempt.deliveryId(delivery.messageId(), delivery.endpointId()), delivery.merchantId(),
                    delivery.messageId(), delivery.endpointId(), attempt, startedAt, outcome.statusCode(), outcome.durationMs(),
                    outcome.error(), retryAfter == null ? null : retryAfter.toSeconds(), delivery.replay(), !current.leased(),
                    now), ACTOR, startedAt));
        });
    }

    /** Retry-After in seconds or as an HTTP date; null when absent, unreadable, or not a 429/503. */
    Duration retryAfter(ClassicHttpResponse response) {
        if (response.getCode() != 429 && response.getCode() != 503) {
            return null;
        }
        Header header = response.getFirstHeader("Retry-After");
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException notSeconds) {
            try {
                Instant date = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), date);
                return wait.isNegative() ? Duration.ZERO : wait;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static long millisSince(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static java.util.concurrent.ThreadFactory daemonThreads(String prefix) {
        org.springframework.scheduling.concurrent.CustomizableThreadFactory factory =
                new org.springframework.scheduling.concurrent.CustomizableThreadFactory(prefix);
        factory.setDaemon(true);
        return factory;
    }
}
