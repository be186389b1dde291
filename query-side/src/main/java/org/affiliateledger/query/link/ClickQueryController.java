package org.affiliateledger.query.link;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.query.support.TenantReads;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Click counts of an affiliate's links, counted from {@code click_session} (written by the redirect, read here under
 * row-level security like every read model): all-time and per UTC day for the last {@code days} days.
 */
@RestController
@Tag(name = "Links")
public class ClickQueryController {
    static final int MAX_DAYS = 366;
    private final TenantReads reads;

    public ClickQueryController(TenantReads reads) {
        this.reads = reads;
    }

    @Schema(name = "ClickDay")
    public record Day(@Schema(format = "date", example = "2026-01-31") String date, long clicks) {
    }

    @Schema(name = "AffiliateClicks")
    public record Clicks(String affiliateId,
                         @Schema(description = "Every click on the affiliate's links, all time") long total,
                         @Schema(description = "Clicks per UTC day, oldest first, days without clicks left out") List<Day> daily) {
    }

    @GetMapping("/api/v1/affiliates/{id}/clicks")
    @Operation(operationId = "getAffiliateClicks", summary = "Count an affiliate's clicks",
            description = "Clicks on the affiliate's link (`/r/…`): the total and the last `days` days by UTC day.")
    public Clicks clicks(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                         @Parameter(description = "The affiliate's id (`aff_…`)") @PathVariable String id,
                         @Parameter(description = "How many days (up to today, UTC) to count by day, 1–366",
                                 schema = @Schema(defaultValue = "30", minimum = "1", maximum = "366"))
                         @RequestParam(required = false) Integer days) {
        int window = days == null ? 30 : days;
        if (window < 1 || window > MAX_DAYS) {
            throw new InvalidRequestException("days must be between 1 and " + MAX_DAYS + ", got " + window);
        }
        if (!Ids.AFFILIATE.matches(id)) {
            throw new NotFoundException("affiliate", id);
        }
        Timestamp since = Timestamp.from(LocalDate.now(ZoneOffset.UTC).minusDays(window - 1L).atStartOfDay(ZoneOffset.UTC).toInstant());
        return reads.as(caller.merchantId(), jdbc -> {
            boolean exists = jdbc.sql("SELECT EXISTS (SELECT 1 FROM affiliates WHERE merchant_id = ? AND id = ?)")
                    .params(caller.merchantId(), id).query(Boolean.class).single();
            if (!exists) {
                throw new NotFoundException("affiliate", id);
            }
            long total = jdbc.sql("SELECT count(*) FROM click_session WHERE merchant_id = ? AND affiliate_id = ?")
                    .params(caller.merchantId(), id).query(Long.class).single();
            List<Day> daily = jdbc.sql("""
                            SELECT to_char((created_at AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*) AS clicks
                            FROM click_session WHERE merchant_id = ? AND affiliate_id = ? AND created_at >= ?
                            GROUP BY 1 ORDER BY 1""")
                    .params(caller.merchantId(), id, since)
                    .query((rs, n) -> new Day(rs.getString("day"), rs.getLong("clicks")))
                    .list();
            return new Clicks(id, total, daily);
        });
    }
}
