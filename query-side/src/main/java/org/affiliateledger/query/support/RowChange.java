package org.affiliateledger.query.support;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One change an event makes to one read-model row, described once and carried out two ways: as SQL by the projector
 * ({@link #sql()}, {@link #params()}), and on an in-memory row by the as-of rebuild ({@link #applyTo(Rows)}). Both
 * interpretations of each operation live side by side here, so a projection and a rebuild from the same events
 * cannot disagree. The operations are the few the projections need: set a value, keep the first value set, append
 * to a text once, add to a comma-separated set.
 */
public final class RowChange {
    private enum Op { SET, JSON, KEEP_FIRST, APPEND_ONCE, ADD_TO_SET, NULL_IF_COLUMN_EQUALS }

    private record Column(String name, Op op, Object value, String separator, String marker) {
    }

    private final String table;
    private final boolean insert;
    private final String keyColumn;
    private final Object key;
    private final List<Column> columns = new ArrayList<>();

    private RowChange(String table, boolean insert, String keyColumn, Object key) {
        this.table = table;
        this.insert = insert;
        this.keyColumn = keyColumn;
        this.key = key;
    }

    /** A new row whose {@code idColumn} is {@code id}; nothing happens if that row exists (a replayed event). */
    public static RowChange insert(String table, String idColumn, Object id) {
        return new RowChange(table, true, idColumn, id);
    }

    /** A change to every row whose {@code keyColumn} equals {@code key} (none: nothing happens). */
    public static RowChange update(String table, String keyColumn, Object key) {
        return new RowChange(table, false, keyColumn, key);
    }

    public RowChange set(String column, Object value) {
        columns.add(new Column(column, Op.SET, value, null, null));
        return this;
    }

    /** A JSON text stored in a {@code jsonb} column. */
    public RowChange json(String column, String json) {
        columns.add(new Column(column, Op.JSON, json, null, null));
        return this;
    }

    /** Sets {@code column} only while it is null (SQL {@code COALESCE(column, ?)}). */
    public RowChange keepFirst(String column, Object value) {
        if (insert) {
            throw new IllegalStateException("keepFirst is for updates");
        }
        columns.add(new Column(column, Op.KEEP_FIRST, value, null, null));
        return this;
    }

    /** {@code value} if the text is null; unchanged if it contains {@code marker}; else text + separator + value. */
    public RowChange appendOnce(String column, String value, String separator, String marker) {
        if (insert) {
            throw new IllegalStateException("appendOnce is for updates");
        }
        columns.add(new Column(column, Op.APPEND_ONCE, value, separator, marker));
        return this;
    }

    /** Adds {@code value} to a {@code separator}-separated set held as text (null is the empty set). */
    public RowChange addToSet(String column, String value, String separator) {
        if (insert) {
            throw new IllegalStateException("addToSet is for updates");
        }
        columns.add(new Column(column, Op.ADD_TO_SET, value, separator, null));
        return this;
    }

    /** Sets {@code value}, or null when the row's {@code otherColumn} already holds that same value. */
    public RowChange setUnlessColumnEquals(String column, Object value, String otherColumn) {
        if (insert) {
            throw new IllegalStateException("setUnlessColumnEquals is for updates");
        }
        columns.add(new Column(column, Op.NULL_IF_COLUMN_EQUALS, value, null, otherColumn));
        return this;
    }

    public String table() {
        return table;
    }

    /** The statement; the same text for every event of a kind, so a projection batch can send a run of them at once. */
    public String sql() {
        StringBuilder sql = new StringBuilder();
        if (insert) {
            sql.append("INSERT INTO ").append(table).append(" (").append(keyColumn);
            StringBuilder values = new StringBuilder("?");
            for (Column column : columns) {
                sql.append(", ").append(column.name());
                values.append(column.op() == Op.JSON ? ", ?::jsonb" : ", ?");
            }
            return sql.append(") VALUES (").append(values).append(") ON CONFLICT (").append(keyColumn)
                    .append(") DO NOTHING").toString();
        }
        sql.append("UPDATE ").append(table).append(" SET ");
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            String c = column.name();
            sql.append(i == 0 ? "" : ", ").append(c).append(" = ").append(switch (column.op()) {
                case SET -> "?";
                case JSON -> "?::jsonb";
                case KEEP_FIRST -> "COALESCE(" + c + ", ?)";
                case APPEND_ONCE -> "CASE WHEN " + c + " IS NULL THEN ? WHEN position(? in " + c + ") > 0 THEN " + c
                        + " ELSE " + c + " || ? || ? END";
                case ADD_TO_SET -> "CASE WHEN " + c + " IS NULL THEN ? WHEN ? = ANY (string_to_array(" + c + ", ?)) THEN "
                        + c + " ELSE " + c + " || ? || ? END";
                case NULL_IF_COLUMN_EQUALS -> "CASE WHEN " + column.marker() + " IS NOT NULL AND " + column.marker()
                        + " = ? THEN NULL ELSE ? END";
            });
        }
        return sql.append(" WHERE ").append(keyColumn).append(" = ?").toString();
    }

    /** The parameters of {@link #sql()}, in order, as JDBC takes them. */
    public Object[] params() {
        List<Object> params = new ArrayList<>();
        if (insert) {
            params.add(jdbc(key));
        }
        for (Column column : columns) {
            Object value = jdbc(column.value());
            switch (column.op()) {
                case SET, JSON, KEEP_FIRST -> params.add(value);
                case APPEND_ONCE -> params.addAll(Arrays.asList(value, column.marker(), column.separator(), value));
                case ADD_TO_SET -> params.addAll(Arrays.asList(value, value, column.separator(), column.separator(), value));
                case NULL_IF_COLUMN_EQUALS -> params.addAll(Arrays.asList(value, value));
            }
        }
        if (!insert) {
            params.add(jdbc(key));
        }
        return params.toArray();
    }

    /** Carries the change out on in-memory rows, exactly as {@link #sql()} does in PostgreSQL. */
    public void applyTo(Rows rows) {
        if (insert) {
            if (rows.find(table, keyColumn, key).isEmpty()) {
                Map<String, Object> row = new HashMap<>();
                row.put(keyColumn, key);
                columns.forEach(column -> row.put(column.name(), column.value()));
                rows.add(table, row);
            }
            return;
        }
        for (Map<String, Object> row : rows.matching(table, keyColumn, key)) {
            for (Column column : columns) {
                Object current = row.get(column.name());
                row.put(column.name(), switch (column.op()) {
                    case SET, JSON -> column.value();
                    case KEEP_FIRST -> current != null ? current : column.value();
                    case APPEND_ONCE -> current == null ? column.value()
                            : current.toString().contains(column.marker()) ? current
                            : current + column.separator() + column.value();
                    case ADD_TO_SET -> current == null ? column.value()
                            : Arrays.asList(current.toString().split(java.util.regex.Pattern.quote(column.separator()), -1))
                                    .contains(Objects.toString(column.value())) ? current
                            : current + column.separator() + column.value();
                    case NULL_IF_COLUMN_EQUALS -> row.get(column.marker()) != null
                            && Objects.equals(row.get(column.marker()), column.value()) ? null : column.value();
                });
            }
        }
    }

    private static Object jdbc(Object value) {
        if (value instanceof Instant instant) {
            return Timestamp.from(instant);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toArray(String[]::new);
        }
        return value;
    }
}
