package org.affiliateledger.query.program;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.SqlTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The operator's list of merchants (under {@code /admin/v1}, behind the admin token), from the programs read model. */
@RestController
@Tag(name = "Operator")
public class MerchantListController {
    private final JdbcClient jdbc;

    public MerchantListController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Schema(name = "Merchant", description = "A merchant (tenant) as the operator sees it")
    public record MerchantView(String id, String name, @Schema(description = "The program currency", example = "USD") String currency,
                               @Schema(description = "A conversion was recorded in the program currency: it can no longer change")
                               boolean currencyLocked,
                               @Schema(format = "date-time") String createdAt) {
    }

    @GetMapping("/admin/v1/merchants")
    @Operation(operationId = "listMerchants", summary = "List merchants",
            description = "Newest first, by cursor (`limit`, `cursor`). A merchant created a moment ago appears once its "
                    + "program is projected (milliseconds).")
    public ListPage<MerchantView> list(@RequestParam(required = false) Integer limit,
                                       @RequestParam(required = false) String cursor) {
        Paging paging = Paging.of(null, limit, cursor);
        // the operator sees every tenant: read as the owner, not as the tenant-bound ledger_reader
        List<MerchantView> rows = jdbc.sql("""
                        SELECT merchant_id, name, currency, currency_locked, created_at FROM program
                        WHERE merchant_id < ? ORDER BY merchant_id DESC LIMIT ?""")
                .params(paging.afterId() == null ? "~" : paging.afterId(), paging.limit() + 1)
                .query((rs, n) -> new MerchantView(rs.getString("merchant_id"), rs.getString("name"), rs.getString("currency"),
                        rs.getBoolean("currency_locked"), Timestamps.format(SqlTime.instant(rs, "created_at"))))
                .list();
        ListPage<MerchantView> page = paging.toPage(rows, MerchantView::id, row -> row);
        return new ListPage<>(page.data(), null, page.limit(), page.nextCursor());
    }
}
