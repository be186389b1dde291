package org.affiliateledger.query.affiliate;

import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.query.affiliate.AffiliateQueryController.AffiliateView;
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
 * The affiliate reads, one way for every caller: the API's {@code GET /api/v1/affiliates…} and the dashboard both ask
 * here, so a bad filter is refused with the same message on both.
 */
@Component
public class AffiliateQueries {
    private static final RowMapper<AffiliateView> ROW = (rs, n) -> AffiliateQueryController.view(Row.of(rs));
    private static final List<String> SEARCHED = List.of("name", "email", "short_code");

    private final TenantReads reads;
    private final AsOfReads asOf;

    public AffiliateQueries(TenantReads reads, AsOfReads asOf) {
        this.reads = reads;
        this.asOf = asOf;
    }

    /**
     * @param parent      direct children of this affiliate (id or short code)
     * @param email       exactly this email (case-insensitive)
     * @param shortCode   exactly this short code (case-insensitive)
     * @param tier        performance tier reached (case-insensitive)
     * @param search      name, email or short code containing this text (case-insensitive)
     */
    public record Filter(String status, String parent, String email, String shortCode, String tier, String search) {
        public static final Filter NONE = new Filter(null, null, null, null, null, null);

        /** The API's filters are taken as given (an empty one matches nothing); the dashboard's blank fields mean "any". */
        public Filter {
            email = email == null ? null : email.strip();
            shortCode = shortCode == null ? null : shortCode.strip();
            tier = blankToNull(tier);
            search = blankToNull(search);
        }

        public boolean any() {
            return status != null || parent != null || email != null || shortCode != null || tier != null || search != null;
        }

        public static Filter children(String parentId) {
            return new Filter(null, parentId, null, null, null, null);
        }
    }

    /** Newest first, by page or cursor. */
    public ListPage<AffiliateView> list(String merchantId, Filter filter, Paging paging) {
        var rows = reads.as(merchantId, jdbc -> query(jdbc, merchantId, filter, true).fetch(jdbc, paging, ROW));
        return paging.toPage(rows, AffiliateView::id, row -> row);
    }

    /**
     * The list as it stood at {@code at}: the affiliates registered by then, each rebuilt from its events up to then;
     * the status and tier filters apply to what they were then, so a page can hold fewer rows.
     */
    public ListPage<AffiliateView> listAsOf(String merchantId, Filter filter, Paging paging, Instant at) {
        var rows = reads.as(merchantId, jdbc -> query(jdbc, merchantId, filter, false)
                .filterAtMost("created_at", Timestamp.from(at))
                .fetch(jdbc, paging, ROW));
        ListPage<AffiliateView> page = paging.toPage(rows, AffiliateView::id, row -> row);
        List<AffiliateView> then = page.data().stream()
                .map(now -> asOf(merchantId, now.id(), at))
                .flatMap(Optional::stream)
                .filter(view -> filter.status() == null || Objects.equals(view.status(), filter.status()))
                .filter(view -> filter.tier() == null || filter.tier().equalsIgnoreCase(String.valueOf(view.performanceTier())))
                .toList();
        return new ListPage<>(then, page.page(), page.limit(), page.nextCursor());
    }

    public AffiliateView get(String merchantId, String id) {
        if (!Ids.AFFILIATE.matches(id)) {
            throw new NotFoundException("affiliate", id);
        }
        return reads.one(merchantId, id, jdbc -> jdbc.sql("SELECT * FROM affiliates WHERE merchant_id = ? AND id = ?")
                        .params(merchantId, id)
                        .query(ROW)
                        .optional())
                .orElseThrow(() -> new NotFoundException("affiliate", id));
    }

    /** The affiliate as it stood at {@code at}, rebuilt from its events; empty if it did not exist yet (or is not the merchant's). */
    public Optional<AffiliateView> asOf(String merchantId, String id, Instant at) {
        if (!Ids.AFFILIATE.matches(id)) {
            return Optional.empty();
        }
        return asOf.rebuild(merchantId, AsOfReads.Resource.AFFILIATE, id, at)
                .map(rebuilt -> AffiliateQueryController.view(Row.of(rebuilt.row())));
    }

    /**
     * The names of the merchant's affiliates among {@code ids} (for a screen that lists ids, such as balances); an id of
     * no affiliate of the merchant is absent. At most a page of ids at once.
     */
    public java.util.Map<String, String> names(String merchantId, java.util.Collection<String> ids) {
        List<String> wanted = ids.stream().filter(Objects::nonNull).distinct().limit(Paging.MAX_LIMIT).toList();
        if (wanted.isEmpty()) {
            return java.util.Map.of();
        }
        String placeholders = String.join(", ", java.util.Collections.nCopies(wanted.size(), "?"));
        List<Object> params = new java.util.ArrayList<>();
        params.add(merchantId);
        params.addAll(wanted);
        return reads.as(merchantId, jdbc -> jdbc
                .sql("SELECT id, name FROM affiliates WHERE merchant_id = ? AND id IN (" + placeholders + ")")
                .params(params)
                .query((rs, n) -> java.util.Map.entry(rs.getString("id"), rs.getString("name")))
                .list().stream()
                .collect(java.util.stream.Collectors.toMap(java.util.Map.Entry::getKey, java.util.Map.Entry::getValue)));
    }

    /** The performance tiers the merchant's affiliates have reached (for a filter's choices). */
    public List<String> tiersReached(String merchantId) {
        return reads.as(merchantId, jdbc -> jdbc.sql("""
                        SELECT DISTINCT performance_tier FROM affiliates
                        WHERE merchant_id = ? AND performance_tier IS NOT NULL ORDER BY 1""")
                .params(merchantId).query(String.class).list());
    }

    private static ListQuery query(JdbcClient jdbc, String merchantId, Filter filter, boolean withCurrentState) {
        String status = WireEnums.parse("status", filter.status(), AffiliateStatus.class);
        ListQuery query = new ListQuery("affiliates", merchantId)
                .filter("parent_id", AffiliateFilter.resolve(jdbc, merchantId, filter.parent()))
                .filterIgnoringCase("email", filter.email())
                .filter("short_code", filter.shortCode() == null ? null : filter.shortCode().toLowerCase(Locale.ROOT))
                .filterContaining(SEARCHED, filter.search());
        if (withCurrentState) {
            query.filter("status", status).filterIgnoringCase("performance_tier", filter.tier());
        }
        return query;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
