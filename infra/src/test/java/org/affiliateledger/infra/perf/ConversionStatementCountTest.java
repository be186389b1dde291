package org.affiliateledger.infra.perf;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.TestDatabase;
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
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The database round trips of the write path: every statement executed on the HTTP worker threads (projectors and
 * other background work run elsewhere) while conversions are recorded, counted through a proxy of the data source.
 * A count, not a time: it does not depend on the machine's load.
 */
@Import(ConversionStatementCountTest.Counting.class)
@TestPropertySource(properties = "ledger.rate-limits.write-per-minute=1000000")
@DirtiesContext
// A measurement, not a check: off in the default build. Run it alone: -Dperf.statements=true -Dtest=ConversionStatementCountTest
@org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "perf.statements", matches = "true")
class ConversionStatementCountTest extends LedgerIntegrationTest {
    private static final TestDatabase.Own OWN = new TestDatabase.Own();

    /** Its own database: a second ledger on the shared one would also run the other tests' deadlines. */
    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry registry) {
        registry.add("ledger.db.url", () -> OWN.get().url());
    }


    static final AtomicLong STATEMENTS = new AtomicLong();

    @TestConfiguration
    static class Counting {
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    return bean instanceof DataSource ds && "dataSource".equals(name) ? StatementCounter.proxy(DataSource.class, ds, STATEMENTS, "http-nio") : bean;
                }
            };
        }
    }

    private long statementsFor(String key, String affiliate, int conversions) {
        long before = STATEMENTS.get();
        for (int i = 0; i < conversions; i++) {
            Api.Response created = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate,
                    "amount_cents", 4900, "external_id", "count-" + System.nanoTime())));
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        }
        return STATEMENTS.get() - before;
    }

    @Test
    void recordingAConversionTakesAFixedNumberOfStatements() {
        String key = onboardMerchant("Counted");
        String affiliate = activeAffiliate(key, "Count Me");
        statementsFor(key, affiliate, 3); // warm: caches, program currency lock
        long plain = statementsFor(key, affiliate, 20);
        assertThat(api.patch("/api/v1/program", key, """
                {"fraud_rules": {"self_referral": {"enabled": true},
                                 "velocity": {"enabled": true, "max_conversions": 1, "window_minutes": 60},
                                 "refund_rate": {"enabled": true, "max_percent": "40", "min_conversions": 2}}}""").status())
                .isEqualTo(200);
        statementsFor(key, affiliate, 3);
        long screened = statementsFor(key, affiliate, 20);
        System.out.printf("STATEMENTS per conversion: default program %.2f, all fraud rules on %.2f%n", plain / 20.0,
                screened / 20.0);
    }
}
