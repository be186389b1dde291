package org.affiliateledger.query.commission;

import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionStatus;
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
@RequestMapping("/api/v1/commissions")
public class CommissionQueryController {
    private static final RowMapper<CommissionView> ROW = (rs, n) -> new CommissionView(
            rs.getString("id"), rs.getString("conversion_id"), rs.getString("affiliate_id"), rs.getInt("tier"),
            rs.getLong("base_amount_cents"), rs.getString("rate"), rs.getLong("amount_cents"),
            rs.getObject("original_amount_cents") == null ? rs.getLong("amount_cents") : rs.getLong("original_amount_cents"),
            rs.getString("currency"), rs.getString("kind"), rs.getString("clawback_of"),
            rs.getString("status"), rs.getString("status_reason"), rs.getString("paid_reference"),
            Timestamps.format(SqlTime.instant(rs, "approvable_at")),
            Timestamps.format(SqlTime.instant(rs, "created_at")), Timestamps.format(SqlTime.instant(rs, "updated_at")));

    private final TenantReads reads;

    public CommissionQueryController(TenantReads reads) {
        this.reads = reads;
    }

    /**
     * {@code amountCents} is what the affiliate earns now (after partial refunds), {@code originalAmountCents} what the
     * sale earned; a {@code clawback} has a negative amount and names the paid commission it takes back. {@code
     * approvableAt} is when the hold period ends and the commission approves itself.
     */
    public record CommissionView(String id, String conversionId, String affiliateId, int tier, long baseAmountCents,
                                 String rate, long amountCents, long originalAmountCents, String currency, String kind,
                                 String clawbackOf, String status, String statusReason, String paidReference,
                                 String approvableAt, String createdAt, String updatedAt) {
    }

    @GetMapping
    public ListPage<CommissionView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                         @RequestParam(required = false) Integer page,
                                         @RequestParam(required = false) Integer limit,
                                         @RequestParam(required = false) String cursor,
                                         @RequestParam(name = "affiliate_id", required = false) String affiliateId,
                                         @RequestParam(name = "conversion_id", required = false) String conversionId,
                                         @RequestParam(required = false) String status,
                                         @RequestParam(required = false) String kind) {
        Paging paging = Paging.of(page, limit, cursor);
        var rows = reads.as(caller.merchantId(), jdbc -> new ListQuery("commissions", caller.merchantId())
                        .filter("affiliate_id", affiliateId)
                        .filter("conversion_id", conversionId)
                        .filter("status", WireEnums.parse("status", status, CommissionStatus.class))
                        .filter("kind", WireEnums.parse("kind", kind, CommissionKind.class))
                        .fetch(jdbc, paging, ROW));
        return paging.toPage(rows, CommissionView::id, row -> row);
    }

    @GetMapping("/{id}")
    public CommissionView get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        if (!Ids.COMMISSION.matches(id)) {
            throw new NotFoundException("commission", id);
        }
        return reads.as(caller.merchantId(), jdbc -> jdbc.sql("SELECT * FROM commissions WHERE merchant_id = ? AND id = ?")
                .params(caller.merchantId(), id)
                .query(ROW)
                .optional())
                .orElseThrow(() -> new NotFoundException("commission", id));
    }
}
