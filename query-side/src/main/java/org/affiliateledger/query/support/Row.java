package org.affiliateledger.query.support;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One read-model row, as the views read it: from PostgreSQL ({@link #of(ResultSet)}) or from rows rebuilt in memory
 * ({@link #of(Map)}). A view written against this reads both the same way, with JDBC's conventions (a null number
 * reads 0, a null boolean false).
 */
public interface Row {
    String string(String column);

    long longValue(String column);

    int intValue(String column);

    boolean bool(String column);

    Instant instant(String column);

    LocalDate date(String column);

    /** A text array; empty when null. */
    List<String> strings(String column);

    boolean isNull(String column);

    static Row of(ResultSet rs) {
        return new Row() {
            @Override
            public String string(String column) {
                return read(() -> rs.getString(column));
            }

            @Override
            public long longValue(String column) {
                return read(() -> rs.getLong(column));
            }

            @Override
            public int intValue(String column) {
                return read(() -> rs.getInt(column));
            }

            @Override
            public boolean bool(String column) {
                return read(() -> rs.getBoolean(column));
            }

            @Override
            public Instant instant(String column) {
                return read(() -> SqlTime.instant(rs, column));
            }

            @Override
            public LocalDate date(String column) {
                return read(() -> rs.getObject(column, LocalDate.class));
            }

            @Override
            public List<String> strings(String column) {
                return read(() -> {
                    Array array = rs.getArray(column);
                    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
                });
            }

            @Override
            public boolean isNull(String column) {
                return read(() -> rs.getObject(column) == null);
            }
        };
    }

    static Row of(Map<String, Object> values) {
        return new Row() {
            @Override
            public String string(String column) {
                Object value = values.get(column);
                return value == null ? null : value.toString();
            }

            @Override
            public long longValue(String column) {
                return values.get(column) instanceof Number n ? n.longValue() : 0L;
            }

            @Override
            public int intValue(String column) {
                return values.get(column) instanceof Number n ? n.intValue() : 0;
            }

            @Override
            public boolean bool(String column) {
                return Boolean.TRUE.equals(values.get(column));
            }

            @Override
            public Instant instant(String column) {
                Object value = values.get(column);
                return value instanceof Timestamp t ? t.toInstant() : (Instant) value;
            }

            @Override
            public LocalDate date(String column) {
                return (LocalDate) values.get(column);
            }

            @Override
            public List<String> strings(String column) {
                Object value = values.get(column);
                if (value == null) {
                    return List.of();
                }
                return value instanceof String[] array ? Arrays.asList(array)
                        : ((List<?>) value).stream().map(String::valueOf).toList();
            }

            @Override
            public boolean isNull(String column) {
                return values.get(column) == null;
            }
        };
    }

    private static <T> T read(SqlRead<T> read) {
        try {
            return read.get();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read a row: " + e.getMessage(), e);
        }
    }

    interface SqlRead<T> {
        T get() throws SQLException;
    }
}
