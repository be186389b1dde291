package org.affiliateledger.command.webhook;

import com.sun.net.httpserver.HttpServer;
import org.affiliateledger.command.support.SecretsCipher;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The transport's call to an endpoint (a local server here): the Standard Webhooks headers signed with every active
 * secret, what an answer becomes (status, the first 16 KiB of its body, Retry-After), what no answer becomes, and
 * that a disabled endpoint is sent nothing.
 */
@SuppressWarnings("unchecked")
class WebhookDispatcherTest {
    private static final Instant NOW = Instant.parse("2026-01-31T10:00:00Z");
    private final Map<String, String> received = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile int status = 200;
    private volatile String answer = "ok";
    private volatile String retryAfter;
    private final HttpServer server = start();
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final CloseableHttpClient http = WebhookHttpClient.create(new TargetGuard(true), 2);
    private final WebhookDispatcher dispatcher = new WebhookDispatcher(jdbc, mock(PlatformTransactionManager.class),
            Clock.fixed(NOW, ZoneOffset.UTC), http, new WebhookSecrets(jdbc, new SecretsCipher(new byte[32])),
            mock(CommandGateway.class), 2, 1, Duration.ofHours(1));

    {
        // the recorder wakes the poller after recording: its claim finds nothing due
        JdbcClient.MappedQuerySpec<Object> nothing = mock(JdbcClient.MappedQuerySpec.class);
        when(nothing.list()).thenReturn(List.of());
        when(statement.query(any(org.springframework.jdbc.core.RowMapper.class))).thenReturn(nothing);
        when(jdbc.sql(anyString())).thenReturn(statement);
        dispatcher.start();
    }

    private HttpServer start() {
        try {
            HttpServer started = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            started.createContext("/", exchange -> {
                calls.incrementAndGet();
                exchange.getRequestHeaders().forEach((name, values) -> received.put(name.toLowerCase(), values.get(0)));
                received.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                if (retryAfter != null) {
                    exchange.getResponseHeaders().add("Retry-After", retryAfter);
                }
                byte[] body = answer.getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
                if (body.length > 0) {
                    exchange.getResponseBody().write(body);
                }
                exchange.close();
            });
            started.start();
            return started;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void stop() throws IOException {
        dispatcher.stop();
        server.stop(0);
        http.close();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/hooks";
    }

    @Test
    void aMessageIsPostedWithItsIdTimestampAndASignatureOfEverySecret() {
        String first = WebhookSecrets.generate();
        String second = WebhookSecrets.generate();
        String body = "{\"type\":\"webhook.test\"}";
        WebhookDispatcher.Outcome outcome = dispatcher.send(url(), "msg_1", 1_769_853_600L, body, List.of(first, second));

        assertThat(received).containsEntry("webhook-id", "msg_1").containsEntry("webhook-timestamp", "1769853600")
                .containsEntry("webhook-signature", WebhookSecrets.signature(List.of(first, second), "msg_1", 1_769_853_600L, body))
                .containsEntry("user-agent", "AffiliateLedger-Webhooks/1").containsEntry("body", body);
        assertThat(received.get("content-type")).startsWith("application/json");
        assertThat(outcome.statusCode()).isEqualTo(200);
        assertThat(outcome.response()).isEqualTo("ok");
        assertThat(outcome.error()).isNull();
        assertThat(outcome.retryAfter()).isNull();
        assertThat(outcome.durationMs()).isNotNegative();
        assertThat(outcome.requestHeaders()).containsEntry("webhook-id", "msg_1")
                .containsEntry("webhook-timestamp", "1769853600").containsKey("webhook-signature")
                .containsEntry("User-Agent", "AffiliateLedger-Webhooks/1").containsKey("Content-Type");
    }

    @Test
    void onlyTheFirstSixteenKibibytesOfAnAnswerAreKept() {
        answer = "a".repeat(20_000);
        WebhookDispatcher.Outcome outcome = dispatcher.send(url(), "msg_1", 1L, "{}", List.of(WebhookSecrets.generate()));
        assertThat(outcome.response()).hasSize(16 * 1024);
        assertThat(outcome.statusCode()).isEqualTo(200);
    }

    @Test
    void anAnswerOfExactlySixteenKibibytesIsKeptWhole() {
        answer = "b".repeat(16 * 1024);
        assertThat(dispatcher.send(url(), "msg_1", 1L, "{}", List.of()).response()).isEqualTo(answer);
    }

    @Test
    void aServerErrorKeepsItsStatusAndRetryAfter() {
        status = 503;
        answer = "busy";
        retryAfter = "120";
        WebhookDispatcher.Outcome outcome = dispatcher.send(url(), "msg_1", 1L, "{}", List.of());
        assertThat(outcome.statusCode()).isEqualTo(503);
        assertThat(outcome.response()).isEqualTo("busy");
        assertThat(outcome.retryAfter()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void noAnswerIsAFailedAttemptWithItsReasonAndNoStatus() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        WebhookDispatcher.Outcome outcome = dispatcher.send("http://127.0.0.1:" + closed + "/", "msg_1", 1L, "{}", List.of());
        assertThat(outcome.statusCode()).isNull();
        assertThat(outcome.response()).isNull();
        assertThat(outcome.error()).contains("Connect").doesNotContain("timed out");
        assertThat(outcome.requestHeaders()).containsEntry("webhook-id", "msg_1");
    }

    @Test
    void aDisabledEndpointIsSentNothingAndItsDeliveryParkedIfThisNodeStillLeasesIt() {
        WebhookDispatcher.Claimed claimed = new WebhookDispatcher.Claimed("msg_1", "whe_1", "mer_1", 0, false);
        dispatcher.attempt(new WebhookDispatcher.Leased(claimed, url(), false, "{}", new Integer[0], new String[0]));
        assertThat(calls).hasValue(0);
        verify(jdbc).sql(org.mockito.ArgumentMatchers.contains("SET status = 'parked', lease_owner = NULL"));
        verify(statement).params(any(Timestamp.class), eq("msg_1"), eq("whe_1"), anyString());
    }

    @Test
    void anEnabledEndpointIsSentTheMessageSignedWithItsSecrets() {
        SecretsCipher cipher = new SecretsCipher(new byte[32]);
        String secret = WebhookSecrets.generate();
        WebhookDispatcher.Claimed claimed = new WebhookDispatcher.Claimed("msg_1", "whe_1", "mer_1", 0, false);
        dispatcher.attempt(new WebhookDispatcher.Leased(claimed, url(), true, "{\"a\":1}", new Integer[]{1},
                new String[]{cipher.seal(secret, "mer_1", "webhook_secret/whe_1/1")}));
        assertThat(calls).hasValue(1);
        assertThat(received).containsEntry("body", "{\"a\":1}").containsEntry("webhook-timestamp",
                Long.toString(NOW.getEpochSecond())).containsEntry("webhook-signature",
                WebhookSecrets.signature(List.of(secret), "msg_1", NOW.getEpochSecond(), "{\"a\":1}"));
    }

    // ---- Retry-After ----

    private Duration retryAfter(int code, String value) {
        BasicClassicHttpResponse response = new BasicClassicHttpResponse(code);
        if (value != null) {
            response.addHeader("Retry-After", value);
        }
        return dispatcher.retryAfter(response);
    }

    @Test
    void retryAfterCountsOnlyForTooManyRequestsAndUnavailable() {
        assertThat(retryAfter(429, "30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(retryAfter(503, " 30 ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(retryAfter(500, "30")).isNull();
        assertThat(retryAfter(200, "30")).isNull();
        assertThat(retryAfter(429, null)).isNull();
    }

    @Test
    void aNegativeRetryAfterMeansAtOnce() {
        assertThat(retryAfter(429, "-5")).isEqualTo(Duration.ZERO);
        assertThat(retryAfter(429, "0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void aRetryAfterDateIsTheWaitFromNow() {
        assertThat(retryAfter(503, "Sat, 31 Jan 2026 10:02:00 GMT")).isEqualTo(Duration.ofMinutes(2));
        assertThat(retryAfter(503, "Sat, 31 Jan 2026 09:00:00 GMT")).as("a date gone by").isEqualTo(Duration.ZERO);
        assertThat(retryAfter(503, "Sat, 31 Jan 2026 10:00:00 GMT")).isEqualTo(Duration.ZERO);
    }

    @Test
    void anUnreadableRetryAfterIsIgnored() {
        assertThat(retryAfter(429, "soon")).isNull();
    }

    @Test
    void itStopsBeforeTheWebServerAndTheDatabasePool() {
        assertThat(dispatcher.isRunning()).isTrue();
        assertThat(dispatcher.getPhase()).isEqualTo(Integer.MAX_VALUE - 2048);
    }
}
