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
