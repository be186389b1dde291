package org.affiliateledger.query.apikey;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.apikey.FindApiKey;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.TenantReads;
import org.axonframework.queryhandling.QueryHandler;
import org.springframework.data.domain.Limit;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The merchant's keys and a key's audit log, with Spring Data JPA, each read in {@link TenantReads}' transaction: the
 * merchant's row-level security applies to these queries too (same connection, same transaction).
 */
@Component
public class ApiKeyQueries {
    private final TenantReads reads;
    private final ApiKeyRows rows;
    private final ApiKeyAuditLog audit;
    @PersistenceContext
    private EntityManager entities;

    ApiKeyQueries(TenantReads reads, ApiKeyRows rows, ApiKeyAuditLog audit) {
        this.reads = reads;
        this.rows = rows;
        this.audit = audit;
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
        return reads.as(merchantId, jdbc -> rows.findByIdAndMerchantId(keyId, merchantId).map(ApiKeyRow::view))
                .orElseThrow(() -> new NotFoundException("API key", keyId));
    }

    /** Newest first, by page or by keyset cursor, one more than the page holds (it tells whether there is a next). */
    public List<ApiKeyView> list(String merchantId, Paging paging) {
        return reads.as(merchantId, jdbc -> {
            TypedQuery<ApiKeyRow> query = paging.afterId() == null
                    ? entities.createQuery("SELECT k FROM ApiKeyRow k WHERE k.merchantId = :merchant ORDER BY k.id DESC", ApiKeyRow.class)
                    : entities.createQuery("SELECT k FROM ApiKeyRow k WHERE k.merchantId = :merchant AND k.id < :after ORDER BY k.id DESC",
                            ApiKeyRow.class).setParameter("after", paging.afterId());
            return query.setParameter("merchant", merchantId)
                    .setFirstResult(Math.toIntExact(paging.offset()))
                    .setMaxResults(paging.limit() + 1)
                    .getResultStream().map(ApiKeyRow::view).toList();
        });
    }

    /** Newest first, before the entry {@code cursor} names (the first page without one). */
    public ListPage<ApiKeyQueryController.AuditEntry> audit(String merchantId, String keyId, Paging paging) {
        long before = paging.afterId() == null ? Long.MAX_VALUE : parseAuditCursor(paging.afterId());
        List<ApiKeyAuditRow> entries = reads.as(merchantId, jdbc -> audit.findByMerchantIdAndKeyIdAndIdLessThanOrderByIdDesc(
                merchantId, keyId, before, Limit.of(paging.limit() + 1)));
        ListPage<ApiKeyQueryController.AuditEntry> page = paging.toPage(entries, row -> Long.toString(row.id()), ApiKeyAuditRow::entry);
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
