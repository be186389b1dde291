package org.affiliateledger.infra.perf;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.TestDatabase;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database round trips of a webhook delivery on the delivery threads (the poller's claims and leases, the workers,
 * and the recorder's outcome transactions), counted through a proxy of the data source, per delivered message. A count, not a time:
 * it does not depend on the machine's load. The transactions' commits are not statements and are not counted.
 */
@Import(DeliveryStatementCountTest.Counting.class)
@TestPropertySource(properties = "ledger.rate-limits.write-per-minute=1000000")
@DirtiesContext
// A measurement, not a check: off in the default build. Run it alone: -Dperf.statements=true -Dtest=DeliveryStatementCountTest
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "perf.statements", matches = "true")
class DeliveryStatementCountTest extends LedgerIntegrationTest {
    private static final TestDatabase.Own OWN = new TestDatabase.Own();
    static final AtomicLong STATEMENTS = new AtomicLong();
    @org.springframework.beans.factory.annotation.Autowired
    private org.springframework.jdbc.core.JdbcTemplate jdbc;

    /** Its own database: a second ledger on the shared one would also run the other tests' deadlines. */
    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("ledger.db.url", () -> OWN.get().url());
    }


    @TestConfiguration
    static class Counting {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && "dataSource".equals(name)
                            ? StatementCounter.proxy(DataSource.class, ds, STATEMENTS, "webhook-worker", "webhook-poller",
                                    "webhook-recorder")
                            : bean;
                }
            };
        }
    }

    @Test
    void deliveringAMessageTakesAFixedNumberOfStatements() {
        String key = onboardMerchant("Delivered");
        String affiliate = activeAffiliate(key, "Deliver Me");
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response endpoint = api.post("/api/v1/webhook-endpoints", key,
                    Api.json(Map.of("url", receiver.url("/count"), "event_types", List.of("commission.created"))));
            assertThat(endpoint.status()).as(endpoint.body().toString()).isEqualTo(201);
            receiver.secret(endpoint.text("secret"));
            deliver(key, affiliate, receiver, 3); // warm: caches, the first claim
            long before = STATEMENTS.get();
            StatementCounter.BY_SQL.clear();
            int counted = deliver(key, affiliate, receiver, 20);
            System.out.printf("STATEMENTS per delivery: %.2f%n", (STATEMENTS.get() - before) / (double) counted);
            StatementCounter.BY_SQL.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue().get(), a.getValue().get()))
                    .forEach(e -> System.out.printf("STATEMENTS %6.2f  %s%n", e.getValue().get() / (double) counted, e.getKey()));
        }
    }

    /** Records conversions one at a time and waits for each one's message, so each claim takes one delivery. */
    private int deliver(String key, String affiliate, WebhookReceiver receiver, int messages) {
        for (int i = 0; i < messages; i++) {
            int received = receiver.received().size();
            Api.Response created = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate,
                    "amount_cents", 4900, "external_id", "deliver-" + System.nanoTime())));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() > received);
            // the outcome's transaction commits after the receiver answered: count it before the next delivery
            long delivered = received + 1;
            await().atMost(Duration.ofSeconds(15)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'", Long.class) >= delivered);
        }
        return messages;
    }
}
