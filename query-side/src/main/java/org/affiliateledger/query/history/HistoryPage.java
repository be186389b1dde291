package org.affiliateledger.query.history;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import java.util.List;

/** A page of history, oldest first: {@code {"data": [...], "limit": 50, "next_cursor": "..."}}. */
@Schema(name = "HistoryPage")
public record HistoryPage(@Schema(description = "Oldest first (by global position)") List<HistoryItem> data,
                          int limit,
                          @Schema(description = "Pass back as `cursor` for the next events; null on the last page")
                          @JsonProperty("next_cursor") @Nullable String nextCursor) {
}
