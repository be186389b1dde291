package org.affiliateledger.query.affiliate;

import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.ListQuery;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.WireEnums;
import org.springframework.jdbc.core.RowMapper;
import org.affiliateledger.query.support.TenantReads;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/affiliates")
public class AffiliateQueryController {
    private static final RowMapper<AffiliateView> ROW = (rs, n) -> new AffiliateView(
            rs.getString("id"), rs.getString("name"), rs.getString("email"), rs.getString("short_code"),
            rs.getString("status"), rs.getString("commission_override"),
            Timestamps.format(SqlTime.instant(rs, "created_at")), Timestamps.format(SqlTime.instant(rs, "activated_at")));

    private final TenantReads reads;

    public AffiliateQueryController(TenantReads reads) {
        this.reads = reads;
    }

    /** The affilut resource: {@code commissionOverride} null means the program default applies. */
    public record AffiliateView(String id, String name, String email, String shortCode, String status,
                                String commissionOverride, String createdAt, String activatedAt) {
    }

    @GetMapping
    public ListPage<AffiliateView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                        @RequestParam(required = false) Integer page,
                                        @RequestParam(required = false) Integer limit,
                                        @RequestParam(required = false) String cursor,
                                        @RequestParam(required = false) String status) {
        Paging paging = Paging.of(page, limit, cursor);
        var rows = reads.as(caller.merchantId(), jdbc -> new ListQuery("affiliates", caller.merchantId())
                        .filter("status", WireEnums.parse("status", status, AffiliateStatus.class))
                        .fetch(jdbc, paging, ROW));
        return paging.toPage(rows, AffiliateView::id, row -> row);
    }

    @GetMapping("/{id}")
    public AffiliateView get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        if (!Ids.AFFILIATE.matches(id)) {
            throw new NotFoundException("affiliate", id);
        }
        return reads.as(caller.merchantId(), jdbc -> jdbc.sql("SELECT * FROM affiliates WHERE merchant_id = ? AND id = ?")
                .params(caller.merchantId(), id)
                .query(ROW)
                .optional())
                .orElseThrow(() -> new NotFoundException("affiliate", id));
    }
}
