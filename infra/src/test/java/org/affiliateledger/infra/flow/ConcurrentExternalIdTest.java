package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** external_id uniqueness is held by the database on the command side, not by an eventually consistent read model. */
class ConcurrentExternalIdTest extends LedgerIntegrationTest {
    @Autowired
    JdbcClient jdbc;

    @Test
    void concurrentRequestsWithTheSameExternalIdRecordExactlyOneConversion() throws Exception {
        String key = onboardMerchant("Race");
        String affiliate = activeAffiliate(key, "Racer");
        String body = "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 4900, \"external_id\": \"inv_race\"}";
        int clients = 12;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> results = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            for (int i = 0; i < clients; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return new Api(port).post("/api/v1/conversions", key, body).status();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
            assertThat(statuses).filteredOn(s -> s == 409).hasSize(clients - 1);
        } finally {
            pool.shutdownNow();
        }

        long recorded = jdbc.sql("""
                        SELECT count(*) FROM domainevententry
                        WHERE payloadtype = 'org.affiliateledger.events.conversion.ConversionRecorded'
                          AND convert_from(payload, 'UTF8') LIKE ?""")
                .param("%\"" + affiliate + "\"%")
                .query(Long.class).single();
        assertThat(recorded).isEqualTo(1);
        long commissions = jdbc.sql("""
                        SELECT count(*) FROM domainevententry
                        WHERE payloadtype = 'org.affiliateledger.events.commission.CommissionCreated'
                          AND convert_from(payload, 'UTF8') LIKE ?""")
                .param("%\"" + affiliate + "\"%")
                .query(Long.class).single();
        assertThat(commissions).isEqualTo(1);
    }
}
