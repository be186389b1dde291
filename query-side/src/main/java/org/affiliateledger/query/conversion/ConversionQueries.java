package org.affiliateledger.query.conversion;

import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.query.conversion.ConversionQueryController.ConversionView;
import org.affiliateledger.query.history.AsOfReads;
import org.affiliateledger.query.support.AffiliateFilter;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.ListQuery;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.Row;
import org.affiliateledger.query.support.TenantReads;
import org.affiliateledger.query.support.WireEnums;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The conversion reads, one way for every caller: the API's {@code GET /api/v1/conversions…} and the dashboard both ask
 * here, so a bad filter is refused with the same message on both.
 */
@Component
public class ConversionQueries {
    private static final RowMapper<ConversionView> ROW = (rs, n) -> ConversionQueryController.view(Row.of(rs));

    private final TenantReads reads;
    private final AsOfReads asOf;

    public ConversionQueries(TenantReads reads, AsOfReads asOf) {
        this.reads = reads;
        this.asOf = asOf;
    }

    /**
     * @param affiliate an affiliate's id or short code
     * @param status    the status of the affiliate's commission
     * @param flagged   true: only conversions a fraud rule fired on (their {@code fraudRules} are not empty); false: only
     *                  the others; null: both
     */
    public record Filter(String affiliate, String status, String source, String eventType, Boolean flagged) {
        public static final Filter NONE = new Filter(null, null, null, null, null);

        public Filter(String affiliate, String status, String source, String eventType) {
            this(affiliate, status, source, eventType, null);
        }

        public boolean any() {
            return affiliate != null || status != null || source != null || eventType != null || flagged != null;
        }
    }

    /** Newest first, by page or cursor. */
    public ListPage<ConversionView> list(String merchantId, Filter filter, Paging paging) {
        var rows = reads.as(merchantId, jdbc -> query(jdbc, merchantId, filter, true).fetch(jdbc, paging, ROW));
        return paging.toPage(rows, ConversionView::id, row -> row);
    }

    /**
     * The list as it stood at {@code at}: the conversions recorded by then, each rebuilt from its events up to then; the
     * status filter applies to the status they had then, so a page can hold fewer rows.
     */
    public ListPage<ConversionView> listAsOf(String merchantId, Filter filter, Paging paging, Instant at) {
        var rows = reads.as(merchantId, jdbc -> query(jdbc, merchantId, filter, false)
                .filterAtMost("created_at", Timestamp.from(at))
                .fetch(jdbc, paging, ROW));
        ListPage<ConversionView> page = paging.toPage(rows, ConversionView::id, row -> row);
        List<ConversionView> then = page.data().stream()
                .map(now -> asOf(merchantId, now.id(), at))
                .flatMap(Optional::stream)
                .filter(view -> filter.status() == null || Objects.equals(view.status(), filter.status()))
                .filter(view -> filter.flagged() == null || filter.flagged() != view.fraudRules().isEmpty())
                .toList();
        return new ListPage<>(then, page.page(), page.limit(), page.nextCursor());
    }

    public ConversionView get(String merchantId, String id) {
        if (!Ids.CONVERSION.matches(id)) {
            throw new NotFoundException("conversion", id);
        }
        return reads.one(merchantId, id, jdbc -> jdbc.sql("SELECT * FROM conversions WHERE merchant_id = ? AND id = ?")
                        .params(merchantId, id)
                        .query(ROW)
                        .optional())
                .orElseThrow(() -> new NotFoundException("conversion", id));
    }

    /** The conversion as it stood at {@code at}, rebuilt from its events; empty if it did not exist yet (or is not the merchant's). */
    public Optional<ConversionView> asOf(String merchantId, String id, Instant at) {
        if (!Ids.CONVERSION.matches(id)) {
            return Optional.empty();
        }
        return asOf.rebuild(merchantId, AsOfReads.Resource.CONVERSION, id, at)
                .map(rebuilt -> ConversionQueryController.view(Row.of(rebuilt.row())));
    }

    /** {@code withStatus} false (a past view): status and flag are what they were then, checked on the rebuilt rows. */
    private static ListQuery query(JdbcClient jdbc, String merchantId, Filter filter, boolean withStatus) {
        String status = WireEnums.parse("status", filter.status(), CommissionStatus.class);
        return new ListQuery("conversions", merchantId)
                .filter("affiliate_id", AffiliateFilter.resolve(jdbc, merchantId, filter.affiliate()))
                .filter("status", withStatus ? status : null)
                .filter("source", WireEnums.parse("source", filter.source(), ConversionSource.class))
                .filter("event_type", filter.eventType() == null ? null : filter.eventType().toLowerCase(Locale.ROOT))
                .filterPresent("fraud_rules", withStatus ? filter.flagged() : null);
    }
}
