package org.affiliateledger.infra.mlm;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A program without performance tiers still counts each affiliate's referred revenue (tiers added later start from
 * it), adding each sale as its conversion commits: in the conversion's own transaction, so a sale is counted exactly
 * when its conversion is recorded.
 */
class ReferredRevenueWithoutTiersHttpTest extends LedgerIntegrationTest {
    @Autowired
    JdbcTemplate jdbc;

    @Test
    void eachSaleIsAddedInTheTransactionThatRecordsItsConversion() {
        String key = onboardMerchant("No Tiers Co");
        String affiliate = activeAffiliate(key, "Ned Notier");
        String last = null;
        for (long amount : new long[]{15_000, 10_000, 2_500}) {
            Api.Response sale = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate,
                    "amount_cents", amount)));
            assertThat(sale.status()).as(sale.body().toString()).isEqualTo(201);
            last = sale.text("id");
        }
        Api.Response refused = api.post("/api/v1/conversions", key, Api.json(Map.of("affiliate_id", affiliate,
                "amount_cents", -5)));
        assertThat(refused.status()).isEqualTo(400);

        assertThat(jdbc.queryForObject("SELECT revenue_cents FROM affiliate_referred_revenue WHERE affiliate_id = ?",
                Long.class, affiliate)).isEqualTo(27_500);
        // the row was last written by the transaction that appended the last conversion's events
        String rowWrittenBy = jdbc.queryForObject("SELECT xmin::text FROM affiliate_referred_revenue WHERE affiliate_id = ?",
                String.class, affiliate);
        String conversionWrittenBy = jdbc.queryForObject(
                "SELECT DISTINCT xmin::text FROM domainevententry WHERE aggregateidentifier = ? AND sequencenumber = 0",
                String.class, last);
        assertThat(rowWrittenBy).isEqualTo(conversionWrittenBy);
    }
}
