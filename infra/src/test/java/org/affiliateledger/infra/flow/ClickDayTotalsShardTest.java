package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Redirects of one program on the same day no longer queue on one totals row (V151): a click inserted while another
 * session's click of the same merchant and day is still uncommitted goes through at once, where it used to wait for
 * that commit. The day's clicks are the sum of its session shards, also after a click is deleted from another session.
 */
class ClickDayTotalsShardTest extends LedgerIntegrationTest {
    private static final Instant DAY = Instant.parse("2026-03-05T10:00:00Z");

    @Autowired
    DataSource dataSource;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aClickDoesNotWaitForAnotherSessionsUncommittedClickOfTheSameDay() throws Exception {
        String merchant = "m_clickshard_" + System.nanoTime();
        List<Connection> spare = new ArrayList<>();
        try (Connection first = dataSource.getConnection()) {
            first.setAutoCommit(false);
            insertClick(first, merchant, "first");
            Connection second = connectionOnAnotherShard(pid(first) % 32, spare);
            try (Statement timeout = second.createStatement()) {
                timeout.execute("SET statement_timeout = '3s'"); // with one row per day, this insert waits for first's commit
            }
            insertClick(second, merchant, "second");
            try (Statement reset = second.createStatement()) {
                reset.execute("RESET statement_timeout");
            }
            first.commit();
        } finally {
            for (Connection connection : spare) {
                connection.close();
            }
        }
        try {
            assertThat(clicks(merchant)).isEqualTo(2);
            assertThat(jdbc.sql("SELECT count(*) FROM click_day_totals WHERE merchant_id = ?").param(merchant)
                    .query(Long.class).single()).as("one row per session shard").isEqualTo(2);

            jdbc.sql("DELETE FROM click_session WHERE session_id = ?").param("ses_first_" + merchant).update();
            assertThat(clicks(merchant)).as("a click deleted by a third session").isEqualTo(1);
        } finally {
            jdbc.sql("DELETE FROM click_session WHERE merchant_id = ?").param(merchant).update();
        }
        assertThat(clicks(merchant)).isZero();
    }

    private long clicks(String merchant) {
        return jdbc.sql("SELECT COALESCE(SUM(clicks), 0) FROM click_day_totals WHERE merchant_id = ? AND day = ?")
                .params(merchant, java.sql.Date.valueOf("2026-03-05"))
                .query(Long.class).single();
    }

    /** A pooled connection whose backend lands on another shard than {@code shard}; those passed over are kept open. */
    private Connection connectionOnAnotherShard(int shard, List<Connection> spare) throws SQLException {
        for (int i = 0; i < 8; i++) {
            Connection connection = dataSource.getConnection();
            spare.add(connection);
            if (pid(connection) % 32 != shard) {
                return connection;
            }
        }
        throw new IllegalStateException("no pooled connection on a shard other than " + shard);
    }

    private static int pid(Connection connection) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT pg_backend_pid()");
             var result = statement.executeQuery()) {
            result.next();
            return result.getInt(1);
        }
    }

    private static void insertClick(Connection connection, String merchant, String name) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO click_session (session_id, merchant_id, affiliate_id, short_code, created_at, expires_at)
                VALUES (?, ?, 'a_clickshard', 'code', ?, ?)""")) {
            insert.setString(1, "ses_" + name + "_" + merchant);
            insert.setString(2, merchant);
            insert.setTimestamp(3, Timestamp.from(DAY));
            insert.setTimestamp(4, Timestamp.from(DAY.plusSeconds(86_400)));
            insert.executeUpdate();
        }
    }
}
