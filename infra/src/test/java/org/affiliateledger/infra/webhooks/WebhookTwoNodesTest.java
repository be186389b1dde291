package org.affiliateledger.infra.webhooks;

import org.affiliateledger.infra.LedgerApplication;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two ledger nodes on one database both run delivery workers: every message arrives exactly once. And an attempt
 * left half-done by a node that died (its lease still on the row) is made again once the lease has expired, by
 * whichever node is alive — the pending work is in PostgreSQL, not in a process.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookTwoNodesTest extends LedgerIntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    Environment environment;
    @Autowired
    org.affiliateledger.infra.support.ControllableClock clock;
    private ConfigurableApplicationContext secondNode;
    // JUnit deletes it afterwards: test runs leave nothing behind in the temp folder
    @TempDir
    static Path secondNodeDir;

    @BeforeAll
    void startASecondNode() throws Exception {
        secondNode = new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0",
                "--ledger.db.url=" + environment.getRequiredProperty("ledger.db.url"),
                "--ledger.db.user=" + environment.getRequiredProperty("ledger.db.user"),
                "--ledger.db.password=" + environment.getProperty("ledger.db.password", ""),
                "--ledger.admin-token=" + ADMIN_TOKEN,
                "--ledger.secrets-key=" + SECRETS_KEY,
                "--ledger.data-dir=" + secondNodeDir,
                "--ledger.webhooks.allow-private-targets=true",
                "--ledger.webhooks.poll-interval=PT0.05S");
    }

    @AfterAll
    void stopTheSecondNode() {
        if (secondNode != null) {
            secondNode.close();
        }
    }

    @Test
    void twoNodesDeliverEveryMessageExactlyOnce() throws Exception {
        String key = onboardMerchant("Two Node Hooks");
        // this node's clock runs an hour ahead of the other's: leases must not depend on the nodes' clocks agreeing
        clock.advance(Duration.ofHours(1));
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response created = api.post("/api/v1/webhook-endpoints", key,
                    Api.json(Map.of("url", receiver.url("/count"), "event_types", List.of("affiliate.approved"))));
            receiver.secret(created.text("secret"));
            int affiliates = 20;
            for (int i = 0; i < affiliates; i++) {
                activeAffiliate(key, "Partner " + i);
            }
            // settled: every delivery is delivered and no node holds a lease on it, so none is claimed or under way
            String endpoint = created.text("id");
            await().atMost(Duration.ofSeconds(20)).until(() -> settledDeliveries(endpoint) == affiliates);
            Map<String, Long> perId = receiver.received().stream()
                    .collect(Collectors.groupingBy(WebhookReceiver.Received::id, Collectors.counting()));
            assertThat(perId).hasSize(affiliates).allSatisfy((id, count) -> assertThat(count).as(id).isEqualTo(1L));
            assertThat(receiver.received()).allSatisfy(r -> assertThat(r.verified()).isTrue());
            Integer attempts = jdbc.sql("SELECT count(*) FROM webhook_attempts WHERE endpoint_id = ?")
                    .param(created.text("id")).query(Integer.class).single();
            assertThat(attempts).isEqualTo(affiliates);
        }
    }

    @Test
    void anAttemptLeftByADeadNodeIsMadeAgainWhenItsLeaseExpires() {
        String key = onboardMerchant("Crashed Node Hooks");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response created = api.post("/api/v1/webhook-endpoints", key,
                    Api.json(Map.of("url", receiver.url("/crash"), "event_types", List.of("affiliate.approved"))));
            receiver.secret(created.text("secret"));
            String endpoint = created.text("id");
            activeAffiliate(key, "Crash Partner");
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() == 1);
            String messageId = receiver.received().get(0).id();
            // as a node that claimed the delivery, sent it (or not) and died before recording the outcome leaves it
            eventually(() -> api.get("/api/v1/webhook-messages/" + messageId, key),
                    r -> r.body().get("deliveries").get(0).get("status").asString().equals("delivered"));
            jdbc.sql("""
                            UPDATE webhook_deliveries SET status = 'pending', lease_owner = 'a-node-that-died', lease_until = ?,
                                   next_attempt_at = ? WHERE message_id = ? AND endpoint_id = ?""")
                    .params(Timestamp.from(Instant.now().minusMillis(1)), Timestamp.from(Instant.now().minusSeconds(70)),
                            messageId, endpoint)
                    .update();
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() == 2);
            assertThat(receiver.received()).extracting(WebhookReceiver.Received::id).containsOnly(messageId);
            Function<Api.Response, String> status = r -> r.body().get("deliveries").get(0).get("status").asString();
            eventually(() -> api.get("/api/v1/webhook-messages/" + messageId, key), r -> status.apply(r).equals("delivered"));
        }
    }

    private int settledDeliveries(String endpointId) {
        return jdbc.sql("""
                        SELECT count(*) FROM webhook_deliveries
                        WHERE endpoint_id = ? AND status = 'delivered' AND lease_owner IS NULL""")
                .param(endpointId).query(Integer.class).single();
    }
}
