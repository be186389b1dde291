package org.affiliateledger.query.commission;

import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.query.commission.CommissionQueryController.CommissionView;
import org.affiliateledger.query.history.AsOfReads;
import org.affiliateledger.query.support.AffiliateFilter;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.ListQuery;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.Row;
import org.affiliateledger.query.support.TenantReads;
import org.affiliateledger.query.support.WireEnums;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The commission reads, one way for every caller: the API's {@code GET /api/v1/commissions…} and the dashboard both ask
 * here. Filters are validated here, so both refuse a bad one with the same message.
 */
@Component
public class CommissionQueries {
    private static final RowMapper<CommissionView> ROW = (rs, n) -> CommissionQueryController.view(Row.of(rs));

    private final TenantReads reads;
    private final AsOfReads asOf;

    public CommissionQueries(TenantReads reads, AsOfReads asOf) {
        this.reads = reads;
        this.asOf = asOf;
    }

    /**
     * @param affiliate an affiliate's id or short code
     * @param source    where the commission's conversion came from ({@code manual}, {@code stripe}, {@code event})
     */
    public record Filter(String affiliate, String conversionId, String status, String kind, Boolean flagged, String source) {
        public static final Filter NONE = new Filter(null, null, null, null, null, null);

        public Filter(String affiliate, String conversionId, String status, String kind, Boolean flagged) {
            this(affiliate, conversionId, status, kind, flagged, null);
        }

        public boolean any() {
            return affiliate != null || conversionId != null || status != null || kind != null || flagged != null
                    || source != null;
        }
    }

    /** Newest first, by page or cursor. */
    public ListPage<CommissionView> list(String merchantId, Filter filter, Paging paging) {
        var rows = reads.as(merchantId, jdbc -> query(jdbc, merchantId, filter, true).fetch(jdbc, paging, ROW));
        return paging.toPage(rows, CommissionView::id, row -> row);
    }

    /**
     * The list as it stood at {@code at}: the commissions that existed then (newest first, by cursor), each rebuilt from
     * its events up to then; the status filter applies to the status they had then, so a page can hold fewer rows.
     */
    public ListPage<CommissionView> listAsOf(String merchantId, Filter filter, Paging paging, Instant at) {
        var rows = reads.as(merchantId, jdbc -> query(jdbc, merchantId, filter, false)
                .filterAtMost("created_at", Timestamp.from(at))
                .fetch(jdbc, paging, ROW));
        ListPage<CommissionView> page = paging.toPage(rows, CommissionView::id, row -> row);
        List<CommissionView> then = page.data().stream()
                .map(now -> asOf(merchantId, now.id(), at))
                .flatMap(Optional::stream)
                .filter(view -> filter.status() == null || Objects.equals(view.status(), filter.status()))
                .toList();
        return new ListPage<>(then, page.page(), page.limit(), page.nextCursor());
    }

    public CommissionView get(String merchantId, String id) {
        if (!Ids.COMMISSION.matches(id)) {
            throw new NotFoundException("commission", id);
        }
        return reads.one(merchantId, id, jdbc -> jdbc.sql("SELECT * FROM commissions WHERE merchant_id = ? AND id = ?")
                        .params(merchantId, id)
                        .query(ROW)
                        .optional())
                .orElseThrow(() -> new NotFoundException("commission", id));
    }

    /** The commission as it stood at {@code at}, rebuilt from its events; empty if it did not exist yet (or is not the merchant's). */
    public Optional<CommissionView> asOf(String merchantId, String id, Instant at) {
        if (!Ids.COMMISSION.matches(id)) {
            return Optional.empty();
        }
        return asOf.rebuild(merchantId, AsOfReads.Resource.COMMISSION, id, at)
                .map(rebuilt -> CommissionQueryController.view(Row.of(rebuilt.row())));
    }

    private static ListQuery query(org.springframework.jdbc.core.simple.JdbcClient jdbc, String merchantId, Filter filter,
                                   boolean withStatus) {
        String status = WireEnums.parse("status", filter.status(), CommissionStatus.class);
        return new ListQuery("commissions", merchantId)
                .filter("affiliate_id", AffiliateFilter.resolve(jdbc, merchantId, filter.affiliate()))
                .filter("conversion_id", filter.conversionId())
                .filter("status", withStatus ? status : null)
                .filter("kind", WireEnums.parse("kind", filter.kind(), CommissionKind.class))
                .filter("flagged", filter.flagged())
                // the source is the conversion's fact: read through it rather than copied onto every commission row
                .filterThrough("conversion_id", "conversions", "source",
                        WireEnums.parse("source", filter.source(), ConversionSource.class));
    }
}
