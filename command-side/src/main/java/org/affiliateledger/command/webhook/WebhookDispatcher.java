package org.affiliateledger.command.webhook;

import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.webhook.RecordFirstWebhookAttempt;
import org.affiliateledger.events.webhook.RecordWebhookAttempt;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
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
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The delivery workers. A poller claims due deliveries with {@code FOR UPDATE SKIP LOCKED} and a lease (so with several
 * nodes each attempt is made by one of them; leases run on the database's clock, so nodes whose clocks disagree still
 * never take each other's attempts), at most {@code perEndpoint} at a time per endpoint and never more than there are
 * idle workers, in one statement that also reads what each attempt sends (endpoint URL, payload, signing secrets). The
 * workers make the HTTP calls outside any transaction and hand the outcomes to one recorder per node, which records the
 * outcomes that finished meanwhile together: one transaction, one connection and one commit per group (attempt rows,
 * the attempts' commands in one unit of work, so their events are appended in one batch, and the delivery saga's
 * decisions, also read and written once per group), instead of one per delivery. An outcome stays leased until it is
 * recorded, so nothing else takes the delivery meanwhile; but its endpoint's call is over, so the per-endpoint cap
 * (which counts the live leases of every node) leaves out this node's outcomes waiting to be recorded, and the
 * endpoint's next attempt need not wait for the recording. At most {@link #MAX_UNRECORDED} outcomes wait: the claim
 * takes no more meanwhile. A node that dies mid-attempt or before recording (kill -9) leaves a lease that expires and
 * the attempt is made again (receivers deduplicate on {@code webhook-id}); nothing is recorded twice: the delivery row
 * is locked while an outcome is numbered and recorded. Event processors never wait on any of this: they only write the
 * outbox.
 */
public class WebhookDispatcher implements SmartLifecycle {
    static final int RESPONSE_BYTES = 16 * 1024;
    static final Duration LEASE = Duration.ofSeconds(60);
    static final Duration TOTAL_TIMEOUT = Duration.ofSeconds(15);
    /** At most this many outcomes in one recording transaction (its statements grow with it). */
    static final int MAX_GROUP = 64;
    /** At most this many outcomes wait for the recorder (far fewer than a lease's worth of recording). */
    static final int MAX_UNRECORDED = 2 * MAX_GROUP;
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
    /** Outcomes made and not yet recorded (still leased). */
    private final BlockingQueue<Finished> finished = new LinkedBlockingQueue<>();
    /** The deliveries of the outcomes made and not yet recorded (queued or being recorded): their calls are over. */
    private final java.util.Set<Finished> unrecorded = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private ExecutorService workers;
    private ScheduledExecutorService poller;
    private Thread recorder;
    private volatile boolean running;
    private volatile boolean recording;
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

    /** A claimed delivery with what its attempt sends, read by the lease statement. */
    record Leased(Claimed delivery, String url, boolean enabled, String payload, Integer[] secretSeqs, String[] sealedSecrets) {
    }

    record Outcome(Integer statusCode, long durationMs, String response, String error, Duration retryAfter,
                   Map<String, String> requestHeaders) {
    }

    /** An attempt made, waiting for the recorder. */
    record Finished(Claimed delivery, Instant startedAt, Outcome outcome) {
    }

    @Override
    public void start() {
        workers = Executors.newFixedThreadPool(threads, daemonThreads("webhook-worker-"));
        poller = Executors.newSingleThreadScheduledExecutor(daemonThreads("webhook-poller-"));
        running = true;
        recording = true;
        recorder = daemonThreads("webhook-recorder-").newThread(this::recordWhileRunning);
        recorder.start();
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
        // the recorder records what the workers finished, then stops (what it cannot record: the leases expire)
        recording = false;
        try {
            recorder.join(TOTAL_TIMEOUT.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
        int idle = Math.min(threads - inFlight.get(), MAX_UNRECORDED - unrecorded.size());
        if (idle <= 0 || !running) {
            return 0;
        }
        List<Leased> claimed = claim(idle);
        for (Leased delivery : claimed) {
            inFlight.incrementAndGet();
            workers.execute(() -> {
                try {
                    attempt(delivery);
                } catch (RuntimeException e) {
                    log.warn("webhook attempt of {} to {} failed; the lease expires and it is retried",
                            delivery.delivery().messageId(), delivery.delivery().endpointId(), e);
                } finally {
                    inFlight.decrementAndGet();
                    wake(); // a worker is free: claim what is due now rather than at the next tick
                }
            });
        }
        return claimed.size();
    }

    /**
     * Claims and leases what is due, in one statement (no transaction of its own: one round trip): the due deliveries
     * not leased, in the order they fell due, locked with {@code SKIP LOCKED} so two nodes never take the same; of those,
     * an endpoint's n-th gets a slot if n plus its live leases (any node's) stays within {@code perEndpoint}, so the cap
     * holds across the cluster (this node's outcomes waiting to be recorded are leased but no longer calling the
     * endpoint: they are left out of the count); at most {@code max} are leased. It also returns what each attempt
     * sends: the endpoint's URL and whether it still takes deliveries, the payload, and the secrets that sign at
     * {@code now} (sealed, newest first).
     */
    List<Leased> claim(int max) {
        Timestamp at = Timestamp.from(clock.instant());
        // taken before the statement: those recorded meanwhile hold no lease any more, the others' calls are over
        List<Finished> over = List.copyOf(unrecorded);
        List<Object> params = new ArrayList<>(over.size() * 2 + 10);
        params.add(at);
        params.add(max * 4);
        String notInFlight = "";
        if (!over.isEmpty()) {
            params.add(node);
            notInFlight = "AND NOT (o.lease_owner = ? AND (o.message_id, o.endpoint_id) IN (VALUES %s))"
                    .formatted(keyValues(over.stream().map(Finished::delivery).toList(), params));
        }
        Collections.addAll(params, perEndpoint, max, node, LEASE.toSeconds(), at, at);
        return jdbc.sql("""
                        WITH due AS (
                            SELECT d.message_id, d.endpoint_id, d.next_attempt_at
                            FROM webhook_deliveries d
                            WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND (d.lease_until IS NULL OR d.lease_until < now())
                            ORDER BY d.next_attempt_at LIMIT ? FOR UPDATE OF d SKIP LOCKED),
                        ranked AS (
                            SELECT due.*, row_number() OVER (PARTITION BY due.endpoint_id ORDER BY due.next_attempt_at) AS nth,
                                   (SELECT count(*) FROM webhook_deliveries o WHERE o.endpoint_id = due.endpoint_id
                                    AND o.status = 'pending' AND o.lease_until IS NOT NULL AND o.lease_until >= now()
                                    %s) AS leased
                            FROM due),
                        taken AS (
                            SELECT ranked.message_id, ranked.endpoint_id FROM ranked WHERE ranked.nth + ranked.leased <= ?
                            ORDER BY ranked.next_attempt_at LIMIT ?)
                        UPDATE webhook_deliveries d SET lease_owner = ?, lease_until = now() + make_interval(secs => ?)
                        FROM taken, webhook_endpoints e, webhook_messages m
                        WHERE d.message_id = taken.message_id AND d.endpoint_id = taken.endpoint_id
                          AND e.id = d.endpoint_id AND m.id = d.message_id
                        RETURNING d.message_id, d.endpoint_id, d.merchant_id, d.attempts, d.replays_due,
                            e.url, e.enabled AND e.deleted_at IS NULL, m.payload,
                            ARRAY(SELECT s.seq FROM webhook_endpoint_secrets s WHERE s.endpoint_id = d.endpoint_id
                                  AND (s.expires_at IS NULL OR s.expires_at > ?) ORDER BY s.seq DESC),
                            ARRAY(SELECT s.sealed FROM webhook_endpoint_secrets s WHERE s.endpoint_id = d.endpoint_id
                                  AND (s.expires_at IS NULL OR s.expires_at > ?) ORDER BY s.seq DESC)"""
                        .formatted(notInFlight))
                .params(params)
                .query((rs, n) -> new Leased(new Claimed(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getInt(5) > 0), rs.getString(6), rs.getBoolean(7), rs.getString(8),
                        (Integer[]) rs.getArray(9).getArray(), (String[]) rs.getArray(10).getArray()))
                .list();
    }

    /** {@code (?, ?), (?, ?), …}: the deliveries' keys as rows of a {@code VALUES} list, their values added to {@code params}. */
    private static String keyValues(java.util.Collection<Claimed> deliveries, List<Object> params) {
        for (Claimed delivery : deliveries) {
            params.add(delivery.messageId());
            params.add(delivery.endpointId());
        }
        return String.join(", ", Collections.nCopies(deliveries.size(), "(?, ?)"));
    }

    private static String key(String messageId, String endpointId) {
        return messageId + " " + endpointId;
    }

    void attempt(Leased leased) {
        Claimed delivery = leased.delivery();
        if (!leased.enabled()) {
            jdbc.sql("""
                            UPDATE webhook_deliveries SET status = 'parked', lease_owner = NULL, lease_until = NULL, updated_at = ?
                            WHERE message_id = ? AND endpoint_id = ? AND lease_owner = ?""")
                    .params(Timestamp.from(Instant.now()), delivery.messageId(), delivery.endpointId(), node)
                    .update();
            return;
        }
        Instant startedAt = clock.instant();
        List<String> signing = secrets.open(delivery.merchantId(), delivery.endpointId(), leased.secretSeqs(),
                leased.sealedSecrets());
        Outcome outcome = send(leased.url(), delivery.messageId(), startedAt.getEpochSecond(), leased.payload(), signing);
        Finished done = new Finished(delivery, startedAt, outcome);
        unrecorded.add(done);
        finished.add(done);
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

    /** The recorder's loop: records the outcomes that finished meanwhile, together, until stopped and none is left. */
    private void recordWhileRunning() {
        List<Finished> group = new ArrayList<>(MAX_GROUP);
        while (true) {
            Finished first;
            try {
                first = finished.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (first == null) {
                if (!recording) {
                    return;
                }
                continue;
            }
            group.add(first);
            finished.drainTo(group, MAX_GROUP - 1);
            try {
                record(group);
            } catch (RuntimeException e) {
                log.warn("webhook outcomes failed to record; their leases expire and the attempts are made again", e);
            } finally {
                group.forEach(unrecorded::remove);
            }
            group.clear();
            wake(); // the leases recorded are free, and the claim may take more again: claim what is due now
        }
    }

    /**
     * Records a group of outcomes in one transaction. Should that fail (one outcome that cannot be recorded, or a first
     * attempt whose delivery has a history after all), each is recorded again on its own, its delivery loaded, so one
     * cannot cost the others theirs; what still fails is left to its lease, which expires, and the attempt is made again.
     */
    void record(List<Finished> group) {
        List<Finished> recorded;
        try {
            recorded = recordTogether(group, true);
        } catch (RuntimeException together) {
            log.debug("webhook outcomes recorded one by one after the group failed", together);
            recorded = new ArrayList<>();
            for (Finished one : group) {
                try {
                    recorded.addAll(recordTogether(List.of(one), false));
                } catch (RuntimeException e) {
                    log.warn("webhook attempt of {} to {} failed to record; the lease expires and it is retried",
                            one.delivery().messageId(), one.delivery().endpointId(), e);
                }
            }
        }
        for (Finished one : recorded) {
            observer.attempted(one.outcome().statusCode(), one.outcome().durationMs());
        }
    }

    private record Current(int attempts, boolean fresh, boolean leased) {
    }

    /**
     * Reports the attempts, in one transaction on their locked delivery rows: their log rows (with the responses and the
     * headers sent, which stay out of the events), and one {@link RecordWebhookAttempt} command each, whose event the
     * delivery saga follows in the same transaction to decide what comes next. The commands run in one unit of work, so
     * their events are appended in one batch. An attempt's number is its delivery's count plus one, so
     * {@code attempts} always equals the attempt log; a replay asked for meanwhile (even while this attempt was under
     * way) is one more attempt, made at once. A first attempt of a delivery with no history yet
     * ({@link RecordFirstWebhookAttempt}, when {@code createFirst}) creates the delivery without loading it.
     *
     * @return the outcomes recorded (those of deliveries removed meanwhile are not)
     */
    private List<Finished> recordTogether(List<Finished> group, boolean createFirst) {
        Instant now = clock.instant();
        return tx.execute(status -> {
            Map<String, Current> current = lock(group);
            List<Finished> recorded = new ArrayList<>(group.size());
            List<Object> rows = new ArrayList<>(group.size() * 10);
            List<Object> attempts = new ArrayList<>(group.size());
            for (Finished one : group) {
                Claimed delivery = one.delivery();
                Outcome outcome = one.outcome();
                String key = key(delivery.messageId(), delivery.endpointId());
                Current state = current.get(key);
                if (state == null) {
                    log.warn("webhook delivery of {} to {} was removed before its attempt was recorded",
                            delivery.messageId(), delivery.endpointId());
                    continue;
                }
                int attempt = state.attempts() + 1;
                // a second outcome of the same delivery in this group comes after the first
                current.put(key, new Current(attempt, false, state.leased()));
                Collections.addAll(rows, delivery.messageId(), delivery.endpointId(), delivery.merchantId(), attempt,
                        Timestamp.from(one.startedAt()), outcome.statusCode(), outcome.durationMs(),
                        outcome.response() == null ? null : outcome.response().replace("\u0000", ""), outcome.error(),
                        outcome.requestHeaders() == null ? null : HEADERS_JSON.writeValueAsString(outcome.requestHeaders()));
                Duration retryAfter = outcome.retryAfter();
                RecordWebhookAttempt command = new RecordWebhookAttempt(
                        RecordWebhookAttempt.deliveryId(delivery.messageId(), delivery.endpointId()), delivery.merchantId(),
                        delivery.messageId(), delivery.endpointId(), attempt, one.startedAt(), outcome.statusCode(),
                        outcome.durationMs(), outcome.error(), retryAfter == null ? null : retryAfter.toSeconds(),
                        delivery.replay(), !state.leased(), now);
                attempts.add(AuditedCommands.with(createFirst && state.fresh() && !delivery.replay()
                        ? RecordFirstWebhookAttempt.of(command) : command, ACTOR, one.startedAt()));
                recorded.add(one);
            }
            if (recorded.isEmpty()) {
                return recorded;
            }
            jdbc.sql("""
                            INSERT INTO webhook_attempts (message_id, endpoint_id, merchant_id, attempt, attempted_at,
                                                          status_code, duration_ms, response, error, request_headers)
                            VALUES %s""".formatted(String.join(", ",
                            Collections.nCopies(recorded.size(), "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))))
                    .params(rows)
                    .update();
            // one unit of work around the commands: each runs in its own nested one, and their events are appended and
            // handled (the delivery saga) when this one commits, as one batch
            UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            try {
                for (Object attempt : attempts) {
                    commands.sendAndWait(attempt);
                }
                unitOfWork.commit();
            } catch (RuntimeException e) {
                if (unitOfWork.isActive()) {
                    unitOfWork.rollback(e);
                }
                throw e;
            }
            return recorded;
        });
    }

    /**
     * Locks the group's delivery rows (in key order, so two recorders never wait on each other in a circle) and reads
     * their attempts so far, whether their history has not started yet (no attempt, replay or recovery recorded: nothing
     * to load), and
     * whether this node still holds their lease.
     */
    private Map<String, Current> lock(List<Finished> group) {
        List<Object> params = new ArrayList<>(group.size() * 2 + 1);
        params.add(node);
        String keys = keyValues(group.stream().map(Finished::delivery).toList(), params);
        Map<String, Current> current = new HashMap<>();
        jdbc.sql("""
                        SELECT d.message_id, d.endpoint_id, d.attempts, NOT d.history_started,
                               d.lease_owner IS NOT DISTINCT FROM ?
                        FROM webhook_deliveries d JOIN (VALUES %s) AS t (message_id, endpoint_id)
                          ON d.message_id = t.message_id AND d.endpoint_id = t.endpoint_id
                        ORDER BY d.message_id, d.endpoint_id FOR UPDATE OF d""".formatted(keys))
                .params(params)
                .query(rs -> {
                    current.put(key(rs.getString(1), rs.getString(2)), new Current(rs.getInt(3), rs.getBoolean(4),
                            rs.getBoolean(5)));
                });
        return current;
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
