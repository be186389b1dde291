package org.affiliateledger.query.apikey;

import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.apikey.FindApiKey;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.ListQuery;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.util.List;

/** The merchant's keys and a key's audit log, read under the merchant's row-level security. */
@Component
public class ApiKeyQueries {
    static final RowMapper<ApiKeyView> ROW = (rs, n) -> new ApiKeyView(rs.getString("id"), rs.getString("name"),
            rs.getString("prefix"), List.of(rs.getString("scopes").split(" ")),
            new ApiKeyView.Limits((Integer) rs.getObject("read_per_minute"), (Integer) rs.getObject("write_per_minute")),
            Timestamps.format(SqlTime.instant(rs, "created_at")), Timestamps.format(SqlTime.instant(rs, "last_used_at")),
            Timestamps.format(SqlTime.instant(rs, "revoked_at")));

    private final TenantReads reads;

    public ApiKeyQueries(TenantReads reads) {
        this.reads = reads;
    }

    /** An entry of a key's audit log with its position, the cursor of the next page. */
    public record AuditRow(long id, ApiKeyQueryController.AuditEntry entry) {
    }

    @QueryHandler
    public ApiKeyView find(FindApiKey query) {
        return find(query.merchantId(), query.keyId());
    }

    /** A malformed id or another merchant's key answers 404, like an unknown one. */
    public ApiKeyView find(String merchantId, String keyId) {
        if (!Ids.API_KEY.matches(keyId)) {
            throw new NotFoundException("API key", keyId);
        }
        return reads.as(merchantId, jdbc -> jdbc.sql("SELECT * FROM api_keys WHERE merchant_id = ? AND id = ?")
                        .params(merchantId, keyId).query(ROW).optional())
                .orElseThrow(() -> new NotFoundException("API key", keyId));
    }

    public List<ApiKeyView> list(String merchantId, Paging paging) {
        return reads.as(merchantId, jdbc -> new ListQuery("api_keys", merchantId).fetch(jdbc, paging, ROW));
    }

    /** Newest first, before the entry {@code cursor} names (the first page without one). */
    public ListPage<ApiKeyQueryController.AuditEntry> audit(String merchantId, String keyId, Paging paging) {
        long before = paging.afterId() == null ? Long.MAX_VALUE : parseAuditCursor(paging.afterId());
        List<AuditRow> rows = reads.as(merchantId, jdbc -> jdbc.sql("""
                        SELECT * FROM api_key_audit WHERE merchant_id = ? AND key_id = ? AND id < ?
                        ORDER BY id DESC LIMIT ?""")
                .params(merchantId, keyId, before, paging.limit() + 1)
                .query((rs, n) -> new AuditRow(rs.getLong("id"), new ApiKeyQueryController.AuditEntry(
                        Timestamps.format(SqlTime.instant(rs, "at")), rs.getString("action"), rs.getString("method"),
                        rs.getString("path"), (Integer) rs.getObject("status"), rs.getString("client_address"),
                        rs.getString("actor"))))
                .list());
        ListPage<ApiKeyQueryController.AuditEntry> page = paging.toPage(rows, row -> Long.toString(row.id()), AuditRow::entry);
        return new ListPage<>(page.data(), null, page.limit(), page.nextCursor());
    }

    private static long parseAuditCursor(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("cursor is not one this API issued; pass back next_cursor unchanged").withCode("invalid_cursor");
        }
    }
}
