package org.affiliateledger.command.webhook;

import org.affiliateledger.command.support.SecretsCipher;
import org.affiliateledger.events.webhook.RecordFirstWebhookAttempt;
import org.affiliateledger.events.webhook.RecordWebhookAttempt;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.sql.Array;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/**
 * The transport's claim and its recording, against the rows the database would answer: the cap on concurrent
 * deliveries per endpoint (counting live leases of every node) and per claim; then each outcome recorded as the
 * attempt after the delivery's count, overtaken when this node lost the lease, and a delivery's first attempt
 * creating its history.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
class WebhookDispatcherClaimAndRecordTest {
    private static final Instant NOW = Instant.parse("2026-01-31T10:00:00Z");
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final List<String> sql = new ArrayList<>();
    private final List<List<Object>> params = new ArrayList<>();
    /** Rows the claim's statement leases and answers: message, endpoint, merchant, attempts, replays due. */
    private final List<Object[]> due = new ArrayList<>();
    /** Rows the recording's lock answers: message, endpoint, attempts, history not started, still leased here. */
    private final List<Object[]> locked = new ArrayList<>();
    private final SecretsCipher cipher = new SecretsCipher(new byte[32]);
    private final String secret = WebhookSecrets.generate();
    private volatile String sealedSecret = "sealed";
    private volatile String urlBase = "https://a.example/";
    private final WebhookDispatcher dispatcher = new WebhookDispatcher(jdbc, mock(PlatformTransactionManager.class),
            Clock.fixed(NOW, ZoneOffset.UTC), mock(CloseableHttpClient.class),
            new WebhookSecrets(jdbc, cipher), commands, 4, 2, Duration.ofHours(1));

    WebhookDispatcherClaimAndRecordTest() {
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            String text = call.getArgument(0);
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            when(statement.params(anyList())).thenAnswer(given -> {
                params.add(new ArrayList<>((List<Object>) given.getArgument(0)));
                return statement;
            });
            when(statement.query(any(RowMapper.class))).thenAnswer(query -> {
                RowMapper<?> mapper = query.getArgument(0);
                List<Object> rows = new ArrayList<>();
                if (text.contains("WITH due AS")) {
                    // the claim's one statement answers the rows it leased, with what each attempt sends
                    List<Object[]> dueNow = new ArrayList<>(due);
                    due.clear(); // claimed once: a later claim finds them leased
                    for (Object[] row : dueNow) {
                        ResultSet rs = mock(ResultSet.class);
                        when(rs.getString(1)).thenReturn((String) row[0]);
                        when(rs.getString(2)).thenReturn((String) row[1]);
                        when(rs.getString(3)).thenReturn((String) row[2]);
                        when(rs.getInt(4)).thenReturn((Integer) row[3]);
                        when(rs.getInt(5)).thenReturn((Integer) row[4]);
                        when(rs.getString(6)).thenReturn(urlBase + row[1]);
                        when(rs.getBoolean(7)).thenReturn(true);
                        when(rs.getString(8)).thenReturn("{}");
                        Array seqs = mock(Array.class);
                        when(seqs.getArray()).thenReturn(new Integer[]{2});
                        Array sealed = mock(Array.class);
                        when(sealed.getArray()).thenReturn(new String[]{sealedSecret});
                        when(rs.getArray(9)).thenReturn(seqs);
                        when(rs.getArray(10)).thenReturn(sealed);
                        rows.add(mapper.mapRow(rs, rows.size()));
                    }
                }
                JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
                when(result.list()).thenReturn(rows);
                return result;
            });
            doAnswer(query -> {
                RowCallbackHandler handler = query.getArgument(0);
                for (Object[] row : locked) {
                    ResultSet rs = mock(ResultSet.class);
                    when(rs.getString(1)).thenReturn((String) row[0]);
                    when(rs.getString(2)).thenReturn((String) row[1]);
                    when(rs.getInt(3)).thenReturn((Integer) row[2]);
                    when(rs.getBoolean(4)).thenReturn((Boolean) row[3]);
                    when(rs.getBoolean(5)).thenReturn((Boolean) row[4]);
                    handler.processRow(rs);
                }
                return null;
            }).when(statement).query(any(RowCallbackHandler.class));
            sql.add(text);
            return statement;
        });
    }

    private static Set<String> keys(List<WebhookDispatcher.Leased> leased) {
        Set<String> keys = new HashSet<>();
        for (WebhookDispatcher.Leased one : leased) {
            keys.add(one.delivery().messageId() + "/" + one.delivery().endpointId());
        }
        return keys;
    }

    @Test
    void theClaimLeasesInOneStatementWithinEachEndpointsCapCountingEveryNodesLeasesAndAnswersWhatEachAttemptSends() {
        due.add(new Object[]{"msg_1", "whe_a", "mer_1", 0, 0});
        due.add(new Object[]{"msg_5", "whe_c", "mer_1", 3, 1});

        List<WebhookDispatcher.Leased> claimed = dispatcher.claim(4);

        assertThat(keys(claimed)).containsExactlyInAnyOrder("msg_1/whe_a", "msg_5/whe_c");
        assertThat(sql).singleElement().asString()
                .contains("FOR UPDATE OF d SKIP LOCKED")
                // an endpoint's n-th due delivery gets a slot if n plus its live leases (any node's) stay within the cap
                .contains("row_number() OVER (PARTITION BY due.endpoint_id ORDER BY due.next_attempt_at)")
                .contains("o.lease_until >= now()").doesNotContain("o.lease_owner = ?")
                .contains("ranked.nth + ranked.leased <= ?")
                .contains("SET lease_owner = ?, lease_until = now() + make_interval(secs => ?)");
        List<Object> values = params.get(0);
        assertThat(values).hasSize(8);
        assertThat(values.subList(0, 4)).containsExactly(java.sql.Timestamp.from(NOW), 16, 2, 4);
        assertThat(values.get(5)).isEqualTo(60L);
        assertThat(values.subList(6, 8)).containsOnly(java.sql.Timestamp.from(NOW));
        WebhookDispatcher.Leased c = claimed.stream().filter(l -> l.delivery().endpointId().equals("whe_c")).findFirst().orElseThrow();
        assertThat(c.delivery()).isEqualTo(new WebhookDispatcher.Claimed("msg_5", "whe_c", "mer_1", 3, true));
        assertThat(c.url()).isEqualTo("https://a.example/whe_c");
        assertThat(c.enabled()).isTrue();
        assertThat(c.payload()).isEqualTo("{}");
        assertThat(c.secretSeqs()).containsExactly(2);
        assertThat(c.sealedSecrets()).containsExactly(sealedSecret);
    }

    @Test
    void aClaimTakesNoMoreThanTheIdleWorkers() {
        assertThat(dispatcher.claim(2)).isEmpty();
        assertThat(params.get(0).subList(0, 4)).containsExactly(java.sql.Timestamp.from(NOW), 8, 2, 2);
    }

    @Test
    void nothingDueLeasesNothing() {
        assertThat(dispatcher.claim(4)).isEmpty();
        assertThat(sql).hasSize(1);
    }

    private static WebhookDispatcher.Finished finished(String message, String endpoint, boolean replay, Integer status) {
        return new WebhookDispatcher.Finished(new WebhookDispatcher.Claimed(message, endpoint, "mer_1", 0, replay),
                NOW.minusSeconds(1), new WebhookDispatcher.Outcome(status, 40, "ok\u0000", null,
                status != null && status == 503 ? Duration.ofSeconds(30) : null, Map.of("webhook-id", message)));
    }

    private List<Object> recordedCommands() {
        ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
        org.mockito.Mockito.verify(commands, org.mockito.Mockito.atLeastOnce()).sendAndWait(sent.capture());
        return sent.getAllValues().stream().map(m -> (Object) ((CommandMessage<?>) m).getPayload()).toList();
    }

    @Test
    void eachOutcomeIsTheAttemptAfterItsDeliverysCountAndAFirstAttemptStartsTheHistory() {
        locked.add(new Object[]{"msg_1", "whe_a", 0, true, true});      // no history yet, still leased here
        locked.add(new Object[]{"msg_2", "whe_a", 4, false, false});    // its lease ran out: another node may have tried
        List<Integer> observed = new ArrayList<>();
        dispatcher.observe((status, duration) -> observed.add(status));

        dispatcher.record(List.of(finished("msg_1", "whe_a", false, 200), finished("msg_2", "whe_a", false, 503)));

        assertThat(recordedCommands()).containsExactly(
                new RecordFirstWebhookAttempt("msg_1:whe_a", "mer_1", "msg_1", "whe_a", 1, NOW.minusSeconds(1), 200, 40, null,
                        null, false, false, NOW),
                new RecordWebhookAttempt("msg_2:whe_a", "mer_1", "msg_2", "whe_a", 5, NOW.minusSeconds(1), 503, 40, null,
                        30L, false, true, NOW));
        assertThat(observed).containsExactly(200, 503);
        String insert = sql.stream().filter(s -> s.contains("INSERT INTO webhook_attempts")).findFirst().orElseThrow();
        assertThat(insert).contains("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?), (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        List<Object> rows = params.stream().filter(p -> p.size() == 20).findFirst().orElseThrow();
        assertThat(rows.subList(0, 10)).containsExactly("msg_1", "whe_a", "mer_1", 1, java.sql.Timestamp.from(NOW.minusSeconds(1)),
                200, 40L, "ok", null, "{\"webhook-id\":\"msg_1\"}");
    }

    @Test
    void aReplayedFirstAttemptLoadsTheDeliveryAndTwoOutcomesOfOneDeliveryCountOnFromEachOther() {
        locked.add(new Object[]{"msg_1", "whe_a", 0, true, true});
        dispatcher.record(List.of(finished("msg_1", "whe_a", true, 500), finished("msg_1", "whe_a", false, 500)));
        assertThat(recordedCommands()).extracting(c -> c.getClass().getSimpleName() + " " + ((RecordWebhookAttempt) c).attempt())
                .containsExactly("RecordWebhookAttempt 1", "RecordWebhookAttempt 2");
    }

    @Test
    void anOutcomeOfADeliveryRemovedMeanwhileIsNotRecorded() {
        List<Integer> observed = new ArrayList<>();
        dispatcher.observe((status, duration) -> observed.add(status));
        dispatcher.record(List.of(finished("msg_1", "whe_a", false, 200)));
        org.mockito.Mockito.verifyNoInteractions(commands);
        assertThat(observed).isEmpty();
        assertThat(sql).noneMatch(s -> s.contains("INSERT INTO webhook_attempts"));
    }

    @Test
    void whenTheGroupCannotBeRecordedEachOutcomeIsRecordedOnItsOwnWithItsDeliveryLoaded() {
        locked.add(new Object[]{"msg_1", "whe_a", 0, true, true});
        locked.add(new Object[]{"msg_2", "whe_a", 0, true, true});
        List<Object> sent = new ArrayList<>();
        when(commands.sendAndWait(any())).thenAnswer(call -> {
            Object payload = ((CommandMessage<?>) call.getArgument(0)).getPayload();
            sent.add(payload);
            if (payload instanceof RecordFirstWebhookAttempt first && first.messageId().equals("msg_2")) {
                throw new IllegalStateException("msg_2 has a history after all");
            }
            if (payload instanceof RecordWebhookAttempt again && again.messageId().equals("msg_2") && sent.size() > 4) {
                throw new IllegalStateException("still cannot record msg_2");
            }
            return attemptNumber(payload);
        });
        List<Integer> observed = new ArrayList<>();
        dispatcher.observe((status, duration) -> observed.add(status));

        dispatcher.record(List.of(finished("msg_1", "whe_a", false, 200), finished("msg_2", "whe_a", false, 204)));

        assertThat(sent).extracting(c -> c.getClass().getSimpleName()).containsExactly("RecordFirstWebhookAttempt",
                "RecordFirstWebhookAttempt", "RecordWebhookAttempt", "RecordWebhookAttempt");
        assertThat(observed).containsExactly(200, 204);
    }

    private static Object attemptNumber(Object payload) {
        return payload instanceof RecordWebhookAttempt attempt ? attempt.attempt() : 1;
    }

    @Test
    void aStoppedDispatcherClaimsNothing() {
        due.add(new Object[]{"msg_1", "whe_a", "mer_1", 0, 0, 0});
        assertThat(dispatcher.isRunning()).isFalse();
        assertThat(dispatcher.poll()).isZero();
        assertThat(sql).isEmpty();
    }

    @Test
    void aPollClaimsWhatIsDueCallsTheEndpointSignedAndRecordsTheOutcome() throws Exception {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        java.util.Map<String, String> signature = new java.util.concurrent.ConcurrentHashMap<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            calls.incrementAndGet();
            signature.put("webhook-signature", exchange.getRequestHeaders().getFirst("webhook-signature"));
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
        urlBase = "http://127.0.0.1:" + server.getAddress().getPort() + "/";
        sealedSecret = cipher.seal(secret, "mer_1", "webhook_secret/whe_a/2");
        due.add(new Object[]{"msg_1", "whe_a", "mer_1", 0, 0, 0});
        locked.add(new Object[]{"msg_1", "whe_a", 0, true, true});
        List<Integer> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch observedOnce = new java.util.concurrent.CountDownLatch(1);
        CloseableHttpClient http = org.affiliateledger.command.webhook.WebhookHttpClient.create(new TargetGuard(true), 2);
        WebhookDispatcher live = new WebhookDispatcher(jdbc, mock(PlatformTransactionManager.class), Clock.fixed(NOW, ZoneOffset.UTC),
                http, new WebhookSecrets(jdbc, cipher), commands, 2, 2, Duration.ofHours(1));
        live.observe((status, duration) -> {
            observed.add(status);
            observedOnce.countDown();
        });
        live.start();
        try {
            assertThat(live.isRunning()).isTrue();
            assertThat(live.poll()).isEqualTo(1);
            ArgumentCaptor<Object> sent = ArgumentCaptor.forClass(Object.class);
            org.mockito.Mockito.verify(commands, org.mockito.Mockito.timeout(10_000)).sendAndWait(sent.capture());
            assertThat(((CommandMessage<?>) sent.getValue()).getPayload()).isEqualTo(new RecordFirstWebhookAttempt("msg_1:whe_a",
                    "mer_1", "msg_1", "whe_a", 1, NOW, 204, ((RecordFirstWebhookAttempt) ((CommandMessage<?>) sent.getValue())
                    .getPayload()).durationMs(), null, null, false, false, NOW));
            assertThat(calls).hasValue(1);
            assertThat(signature.get("webhook-signature")).isEqualTo(WebhookSecrets.signature(List.of(secret), "msg_1",
                    NOW.getEpochSecond(), "{}"));
            assertThat(observedOnce.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(observed).containsExactly(204);
        } finally {
            live.stop();
            server.stop(0);
            http.close();
        }
        assertThat(live.isRunning()).isFalse();
        assertThat(live.poll()).isZero();
    }
}
