package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two segments of the projections processor add to their own shards of the conversions and commissions totals
 * (V152), so one segment's batch writes a merchant's day and affiliate totals while the other's, holding the same keys,
 * is still uncommitted; under V150's one lock it waited for that commit. The projections set their segment as the
 * shard, and a key's totals are its shards' sum.
 */
class ReadModelTotalsShardTest extends LedgerIntegrationTest {
    private static final Instant DAY = Instant.parse("2026-03-06T10:00:00Z");

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    @Test
    void twoSegmentsWriteTheSameDaysTotalsWithoutWaitingForEachOther() throws Exception {
        String merchant = "m_totalsshard_" + System.nanoTime();
        try (Connection first = batchOfSegment(0); Connection second = batchOfSegment(1)) {
            insertCommission(first, merchant, "first");
            insertConversion(first, merchant, "first");
            try (Statement timeout = second.createStatement()) {
                timeout.execute("SET statement_timeout = '3s'"); // with one lock (or one row) per day, these wait for first's commit
            }
            insertConversion(second, merchant, "second");
            insertCommission(second, merchant, "second");
            second.commit();
            first.commit();
        }
        try {
            assertThat(jdbc.sql("SELECT shard || ':' || conversions FROM conversion_day_totals WHERE merchant_id = ? ORDER BY shard")
                    .param(merchant).query(String.class).list()).containsExactly("0:1", "1:1");
            assertThat(jdbc.sql("SELECT SUM(commissions) FROM commission_day_totals WHERE merchant_id = ?").param(merchant)
                    .query(Long.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT SUM(revenue_cents) FROM affiliate_conversion_totals WHERE merchant_id = ?")
                    .param(merchant).query(Long.class).single()).isEqualTo(2_000);
            assertThat(jdbc.sql("SELECT SUM(standing_cents) FROM affiliate_commission_totals WHERE merchant_id = ?")
                    .param(merchant).query(Long.class).single()).isEqualTo(200);
        } finally {
            // each shard takes off what it added (rows without events: a rebuild would not make them)
            deleteRowsOfBatch(0, merchant, "first");
            deleteRowsOfBatch(1, merchant, "second");
        }
        for (String totals : List.of("conversion_day_totals", "affiliate_conversion_totals", "commission_day_totals",
                "affiliate_commission_totals")) {
            assertThat(jdbc.sql("SELECT count(*) FROM " + totals + " WHERE merchant_id = ?").param(merchant)
                    .query(Long.class).single()).as("shards left with nothing go: " + totals).isZero();
        }
    }

    private void deleteRowsOfBatch(int segment, String merchant, String batch) throws SQLException {
        try (Connection connection = batchOfSegment(segment);
             PreparedStatement conversions = connection.prepareStatement("DELETE FROM conversions WHERE id = ?");
             PreparedStatement commissions = connection.prepareStatement("DELETE FROM commissions WHERE id = ?")) {
            conversions.setString(1, "cv_" + batch + "_" + merchant);
            conversions.executeUpdate();
            commissions.setString(1, "cm_" + batch + "_" + merchant);
            commissions.executeUpdate();
            connection.commit();
        }
    }

    @Test
    void aShardKeepsItsRowWhileItHoldsAnAmountThoughItsCountIsZero() throws Exception {
        String merchant = "m_totalsoffset_" + System.nanoTime();
        try (Connection batch = batchOfSegment(0)) {
            insertConversion(batch, merchant, "only");
            batch.commit();
        }
        try (Connection batch = batchOfSegment(1)) {
            try (PreparedStatement refund = batch.prepareStatement("UPDATE conversions SET refunded_cents = 250 WHERE merchant_id = ?")) {
                refund.setString(1, merchant);
                refund.executeUpdate();
            }
            batch.commit();
        }
        try {
            // shard 1 took the row off at its old amounts and on at its new ones: no count, 250 refunded
            assertThat(jdbc.sql("SELECT shard || ':' || conversions || ':' || refunded_cents FROM conversion_day_totals WHERE merchant_id = ? ORDER BY shard")
                    .param(merchant).query(String.class).list()).containsExactly("0:1:0", "1:0:250");
            assertThat(jdbc.sql("SELECT SUM(revenue_cents) FROM affiliate_conversion_totals WHERE merchant_id = ?")
                    .param(merchant).query(Long.class).single()).isEqualTo(750);
        } finally {
            deleteRowsOfBatch(1, merchant, "only");
        }
        assertThat(jdbc.sql("SELECT COALESCE(SUM(conversions), 0) || ':' || COALESCE(SUM(amount_cents), 0) FROM conversion_day_totals WHERE merchant_id = ?")
                .param(merchant).query(String.class).single()).as("the sums, whichever shard took the row off").isEqualTo("0:0");
    }

    @Test
    void theProjectionsWriteTheTotalsOfTheirSegmentsAndTheOverviewSumsThem() {
        String key = onboardMerchant("Totals shards");
        String merchant = merchantIdOf(key);
        String affiliate = activeAffiliate(key, "Shard Affiliate");
        for (int i = 1; i <= 6; i++) {
            Api.Response created = api.post("/api/v1/conversions", key,
                    "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": " + i * 1_000 + "}");
            assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        }
        eventually(() -> api.get("/api/v1/conversions?limit=10", key), r -> r.body().get("data").size() == 6);

        List<Integer> shards = jdbc.sql("SELECT DISTINCT shard FROM conversion_day_totals WHERE merchant_id = ?")
                .param(merchant).query(Integer.class).list();
        assertThat(shards).as("segment ids of the projections processor, not the unset -1").isNotEmpty()
                .allSatisfy(shard -> assertThat(shard).isBetween(0, 1));
        assertThat(jdbc.sql("SELECT SUM(conversions) || ':' || SUM(amount_cents) FROM conversion_day_totals WHERE merchant_id = ?")
                .param(merchant).query(String.class).single()).isEqualTo("6:21000");
    }

    /** A projection batch's transaction, its shard set as ProjectionWriter sets it. */
    private Connection batchOfSegment(int segment) throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        try (PreparedStatement shard = connection.prepareStatement("SELECT set_config('ledger.totals_shard', ?, true)")) {
            shard.setString(1, Integer.toString(segment));
            shard.executeQuery().close();
        }
        return connection;
    }

    private static void insertConversion(Connection connection, String merchant, String batch) throws SQLException {
        ProjectedRows.insertConversion(connection, merchant, batch, "a_totalsshard", DAY);
    }

    private static void insertCommission(Connection connection, String merchant, String batch) throws SQLException {
        ProjectedRows.insertCommission(connection, merchant, batch, "a_totalsshard", DAY);
    }
}
