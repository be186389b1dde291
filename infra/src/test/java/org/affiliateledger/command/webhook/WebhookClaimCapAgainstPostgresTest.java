package org.affiliateledger.command.webhook;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claim's one statement, run by PostgreSQL: however many deliveries of one endpoint are due, a claim leases at most
 * {@code perEndpoint} of them, counting the leases still live (this node's earlier claims, another node's), while
 * another endpoint's due deliveries are claimed in the same statement; a lease that ends frees one slot. In this
 * package because {@code claim} is the dispatcher's own; in this module because the schema is. Each test runs in a
 * transaction that is rolled back: the application's own workers never see its rows.
 */
class WebhookClaimCapAgainstPostgresTest extends LedgerIntegrationTest {
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private PlatformTransactionManager transactions;
    @Autowired
    private CloseableHttpClient webhookHttpClient;
    @Autowired
    private WebhookSecrets secrets;
    @Autowired
    private CommandGateway commands;

    private final Instant now = Instant.now();
    /** Before anything of the other tests (the database is shared): the claim, oldest due first, reaches these first. */
    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");
    /** Ids unique to this test: the shared database keeps other tests' rows. */
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aClaimLeasesAtMostTheCapOfOneEndpointAndStillClaimsTheOthers() {
        inRolledBackTransaction(() -> {
            WebhookDispatcher dispatcher = dispatcher(2);
            // endpoint a's five fell due first: without the cap a claim would take them all
            due("a", 5, 0);
            due("b", 3, 100);
            assertThat(claimed(dispatcher.claim(10))).containsExactlyInAnyOrder("a1 a", "a2 a", "b1 b", "b2 b");
            assertThat(claimed(dispatcher.claim(10))).as("both endpoints are at their cap").isEmpty();
            endLease("a", 1); // its outcome recorded: a has one slot again
            assertThat(claimed(dispatcher.claim(10))).containsExactly("a3 a");
        });
    }

    @Test
    void anotherNodesLiveLeaseCountsAgainstTheCap() {
        inRolledBackTransaction(() -> {
            WebhookDispatcher dispatcher = dispatcher(1);
            due("c", 3, 0);
            due("d", 2, 100);
            jdbc.sql("""
                            UPDATE webhook_deliveries SET lease_owner = 'another-node', lease_until = now() + interval '60 seconds'
                            WHERE message_id = ? AND endpoint_id = ?""")
                    .params(message("c", 1), endpoint("c")).update();
            assertThat(claimed(dispatcher.claim(10))).containsExactly("d1 d");
        });
    }

    private WebhookDispatcher dispatcher(int perEndpoint) {
        return new WebhookDispatcher(jdbc, transactions, Clock.fixed(now, ZoneOffset.UTC), webhookHttpClient, secrets, commands,
                4, perEndpoint, Duration.ofHours(1));
    }

    /** An endpoint with {@code count} pending deliveries, the n-th due {@code from + n} seconds after {@link #LONG_AGO}. */
    private void due(String name, int count, int from) {
        Timestamp at = Timestamp.from(now);
        jdbc.sql("""
                        INSERT INTO webhook_endpoints (id, merchant_id, url, created_at, updated_at)
                        VALUES (?, 'mer_cap', 'https://cap.example/', ?, ?)""")
                .params(endpoint(name), at, at).update();
        for (int n = 1; n <= count; n++) {
            jdbc.sql("""
                            INSERT INTO webhook_messages (id, merchant_id, event_id, type, payload, created_at)
                            VALUES (?, 'mer_cap', ?, 'affiliate.approved', '{}', ?)""")
                    .params(message(name, n), message(name, n), at).update();
            jdbc.sql("""
                            INSERT INTO webhook_deliveries (message_id, endpoint_id, merchant_id, status, next_attempt_at,
                                                            created_at, updated_at)
                            VALUES (?, ?, 'mer_cap', 'pending', ?, ?, ?)""")
                    .params(message(name, n), endpoint(name), Timestamp.from(LONG_AGO.plusSeconds(from + n)), at, at)
                    .update();
        }
    }

    private void endLease(String name, int n) {
        jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'delivered', lease_owner = NULL, lease_until = NULL
                        WHERE message_id = ? AND endpoint_id = ?""")
                .params(message(name, n), endpoint(name)).update();
    }

    /**
     * "a1 a": the claimed deliveries of this test, by the names it gave them (another test's due delivery, claimed here
     * too, is rolled back with the rest).
     */
    private List<String> claimed(List<WebhookDispatcher.Leased> leased) {
        return leased.stream().filter(l -> l.delivery().endpointId().endsWith("_" + run)).map(l -> l.delivery().messageId().replace("msg_", "").replace("_" + run, "") + " "
                + l.delivery().endpointId().replace("whe_", "").replace("_" + run, "")).toList();
    }

    private String endpoint(String name) {
        return "whe_" + name + "_" + run;
    }

    private String message(String name, int n) {
        return "msg_" + name + n + "_" + run;
    }

    private void inRolledBackTransaction(Runnable test) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            status.setRollbackOnly();
            test.run();
        });
    }
}
