package org.affiliateledger.query.support;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.ArrayList;
import java.util.List;

/** A merchant's rows of one table, filtered, newest first, by page or by keyset cursor. */
public final class ListQuery {
    private final String table;
    private final StringBuilder where = new StringBuilder(" WHERE merchant_id = ?");
    private final List<Object> params = new ArrayList<>();

    public ListQuery(String table, String merchantId) {
        this.table = table;
        params.add(merchantId);
    }

    public ListQuery filter(String column, Object value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
        return this;
    }

    /** {@code column IS NOT NULL} when {@code present} is true, {@code IS NULL} when false; nothing when null. */
    public ListQuery filterPresent(String column, Boolean present) {
        if (present != null) {
            where.append(" AND ").append(column).append(present ? " IS NOT NULL" : " IS NULL");
        }
        return this;
    }

    /**
     * The row's {@code column} names a row of the same merchant in {@code otherTable} whose {@code otherColumn} equals
     * {@code value} (a filter on a fact the other table holds, such as a commission's conversion source); nothing when
     * {@code value} is null. The probe goes by the other table's primary key {@code id}, so paging stays by key.
     */
    public ListQuery filterThrough(String column, String otherTable, String otherColumn, Object value) {
        if (value != null) {
            where.append(" AND EXISTS (SELECT 1 FROM ").append(otherTable).append(" o WHERE o.id = ").append(table)
                    .append('.').append(column).append(" AND o.merchant_id = ").append(table).append(".merchant_id AND o.")
                    .append(otherColumn).append(" = ?)");
            params.add(value);
        }
        return this;
    }

    /** {@code column <= value} (a past view: rows that existed by then). */
    public ListQuery filterAtMost(String column, Object value) {
        if (value != null) {
            where.append(" AND ").append(column).append(" <= ?");
            params.add(value);
        }
        return this;
    }

    /** Case-insensitive equality (emails). */
    public ListQuery filterIgnoringCase(String column, String value) {
        if (value != null) {
            where.append(" AND lower(").append(column).append(") = lower(?)");
            params.add(value);
        }
        return this;
    }

    /**
     * Any of {@code columns} contains {@code text}, case-insensitively (a search box); {@code %}, {@code _} and
     * {@code \\} in the text match themselves.
     */
    public ListQuery filterContaining(List<String> columns, String text) {
        if (text != null && !text.isBlank() && !columns.isEmpty()) {
            String pattern = "%" + text.strip().toLowerCase(java.util.Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            where.append(" AND (");
            for (int i = 0; i < columns.size(); i++) {
                where.append(i == 0 ? "" : " OR ").append("lower(").append(columns.get(i)).append(") LIKE ?");
                params.add(pattern);
            }
            where.append(")");
        }
        return this;
    }

    public <R> List<R> fetch(JdbcClient jdbc, Paging paging, RowMapper<R> mapper) {
        StringBuilder sql = new StringBuilder("SELECT * FROM ").append(table).append(where);
        List<Object> args = new ArrayList<>(params);
        if (paging.afterId() != null) {
            sql.append(" AND id < ?");
            args.add(paging.afterId());
        }
        sql.append(" ORDER BY id DESC LIMIT ? OFFSET ?");
        args.add(paging.limit() + 1);
        args.add(paging.offset());
        return jdbc.sql(sql.toString()).params(args).query(mapper).list();
    }
}
