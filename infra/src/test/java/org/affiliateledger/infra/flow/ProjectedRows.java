package org.affiliateledger.infra.flow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * Rows of the conversions and commissions read models written the way a projection batch writes them (one statement
 * each, in the caller's transaction), so tests can drive the tables' totals triggers (V148, V150, V152) directly. A
 * batch's conversion {@code cv_<batch>_<merchant>} and commission {@code cm_<batch>_<merchant>} point at each other:
 * 1,000 cents at 10 %, pending.
 */
final class ProjectedRows {
    private ProjectedRows() {
    }

    static void insertConversion(Connection connection, String merchant, String batch, String affiliate, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO conversions (id, merchant_id, affiliate_id, source, amount_cents, currency, commission_id,
                                         commission_rate, commission_cents, status, created_at)
                VALUES (?, ?, ?, 'api', 1000, 'USD', ?, '0.1', 100, 'pending', ?)""")) {
            insert.setString(1, "cv_" + batch + "_" + merchant);
            insert.setString(2, merchant);
            insert.setString(3, affiliate);
            insert.setString(4, "cm_" + batch + "_" + merchant);
            insert.setTimestamp(5, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    static void insertCommission(Connection connection, String merchant, String batch, String affiliate, Instant at)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO commissions (id, merchant_id, conversion_id, affiliate_id, tier, base_amount_cents, rate,
                                         amount_cents, currency, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, 1, 1000, '0.1', 100, 'USD', 'pending', ?, ?)""")) {
            insert.setString(1, "cm_" + batch + "_" + merchant);
            insert.setString(2, merchant);
            insert.setString(3, "cv_" + batch + "_" + merchant);
            insert.setString(4, affiliate);
            insert.setTimestamp(5, Timestamp.from(at));
            insert.setTimestamp(6, Timestamp.from(at));
            insert.executeUpdate();
        }
    }
}
