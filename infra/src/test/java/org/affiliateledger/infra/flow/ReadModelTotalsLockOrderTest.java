package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two projection batches that write conversions and commissions of the same merchant and day in opposite orders (as
 * the two segments of the projections processor do, each in its events' order) both commit: the totals their
 * statements' triggers keep are taken in one order (V150), where they used to deadlock and cost a batch a retry. An
 * update that changes no summed value skips the totals; one that does still moves them.
 */
class ReadModelTotalsLockOrderTest extends LedgerIntegrationTest {
    private static final Instant DAY = Instant.parse("2026-03-04T10:00:00Z");

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    @Test
    void twoBatchesWritingTheSameDaysTotalsInOppositeOrdersBothCommit() throws Exception {
        String merchant = "m_lockorder_" + System.nanoTime();
        try (Connection first = transaction(); Connection second = transaction()) {
            insertCommission(first, merchant, "first");
            int secondPid = pid(second);
            CompletableFuture<Void> secondBatch = CompletableFuture.runAsync(() -> {
                try {
                    insertConversion(second, merchant, "second");
                    insertCommission(second, merchant, "second");
                    second.commit();
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            // the second batch waits on a lock the first holds (the totals lock, or without it today's commission row)
            await().atMost(Duration.ofSeconds(10)).until(() -> waitsOnALock(secondPid));

            insertConversion(first, merchant, "first");
            first.commit();
            secondBatch.get(30, TimeUnit.SECONDS);

            assertThat(jdbc.sql("SELECT conversions FROM conversion_day_totals WHERE merchant_id = ?").param(merchant)
                    .query(Long.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("SELECT commissions FROM commission_day_totals WHERE merchant_id = ?").param(merchant)
                    .query(Long.class).single()).isEqualTo(2);
        } finally {
            // rows without events: a rebuild would not make them, so they go (and their totals with them)
            jdbc.sql("DELETE FROM conversions WHERE merchant_id = ?").param(merchant).update();
            jdbc.sql("DELETE FROM commissions WHERE merchant_id = ?").param(merchant).update();
        }
        assertThat(jdbc.sql("SELECT count(*) FROM conversion_day_totals WHERE merchant_id = ?").param(merchant)
                .query(Long.class).single()).isZero();
    }

    @Test
    void updatesChangeTheTotalsOnlyWhenASummedValueChanges() throws Exception {
        String merchant = "m_totalsupdate_" + System.nanoTime();
        try (Connection batch = transaction()) {
            insertConversion(batch, merchant, "only");
            insertCommission(batch, merchant, "only");
            batch.commit();
        }
        try {
            jdbc.sql("UPDATE commissions SET status = 'approved' WHERE merchant_id = ?").param(merchant).update();
            jdbc.sql("UPDATE conversions SET status = 'approved' WHERE merchant_id = ?").param(merchant).update();
            assertThat(standing(merchant)).as("approved still stands").isEqualTo(100);
            assertThat(revenue(merchant)).isEqualTo(1000);

            jdbc.sql("UPDATE commissions SET status = 'voided' WHERE merchant_id = ?").param(merchant).update();
            jdbc.sql("UPDATE conversions SET refunded_cents = 250 WHERE merchant_id = ?").param(merchant).update();
            assertThat(standing(merchant)).as("a voided commission no longer stands").isZero();
            assertThat(revenue(merchant)).as("revenue net of the refund").isEqualTo(750);
            assertThat(jdbc.sql("SELECT refunded_cents FROM conversion_day_totals WHERE merchant_id = ?").param(merchant)
                    .query(Long.class).single()).isEqualTo(250);
        } finally {
            jdbc.sql("DELETE FROM conversions WHERE merchant_id = ?").param(merchant).update();
            jdbc.sql("DELETE FROM commissions WHERE merchant_id = ?").param(merchant).update();
        }
    }

    private long standing(String merchant) {
        return jdbc.sql("SELECT standing_cents FROM affiliate_commission_totals WHERE merchant_id = ?").param(merchant)
                .query(Long.class).single();
    }

    private long revenue(String merchant) {
        return jdbc.sql("SELECT revenue_cents FROM affiliate_conversion_totals WHERE merchant_id = ?").param(merchant)
                .query(Long.class).single();
    }

    private Connection transaction() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        return connection;
    }

    private static int pid(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_backend_pid()");
             var result = statement.executeQuery()) {
            result.next();
            return result.getInt(1);
        }
    }

    private boolean waitsOnALock(int pid) {
        return jdbc.sql("SELECT count(*) FROM pg_stat_activity WHERE pid = ? AND wait_event_type = 'Lock'").param(pid)
                .query(Long.class).single() == 1;
    }

    private static void insertConversion(Connection connection, String merchant, String batch) throws SQLException {
        ProjectedRows.insertConversion(connection, merchant, batch, "a_lockorder", DAY);
    }

    private static void insertCommission(Connection connection, String merchant, String batch) throws SQLException {
        ProjectedRows.insertCommission(connection, merchant, batch, "a_lockorder", DAY);
    }
}
