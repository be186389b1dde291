package org.affiliateledger.query.link;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/**
 * Click counts of an affiliate's links, counted from {@code click_session} (written by the redirect, read here under
 * row-level security like every read model): all-time and per UTC day for the last {@code days} days.
 */
@RestController
@Tag(name = "Links")
public class ClickQueryController {
    private final ClickQueries queries;

    public ClickQueryController(ClickQueries queries) {
        this.queries = queries;
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
        return queries.clicks(caller.merchantId(), id, days == null ? 30 : days, null);
    }
}
