package org.affiliateledger.query.support;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** timestamptz ⇄ Instant without going through the JVM's default time zone. */
public final class SqlTime {
    private SqlTime() {
    }

    /**
     * Truncated to the microsecond PostgreSQL keeps (it would otherwise round the nanoseconds), so a time read back
     * formats exactly as the event's own timestamp does: one value per fact, whichever way it is read.
     */
    public static Timestamp of(Instant instant) {
        return instant == null ? null : Timestamp.from(instant.truncatedTo(ChronoUnit.MICROS));
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
