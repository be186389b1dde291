package org.affiliateledger.query.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import java.util.List;

/** Every list: {@code {"data": [...], "page": 1, "limit": 50, "next_cursor": "..."}}; {@code page} only in page mode. */
public record ListPage<T>(@Schema(description = "Newest first") List<T> data,
                          @Schema(description = "The page number asked for (1-based); absent when paging by cursor")
                          @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable Integer page,
                          int limit,
                          @Schema(description = "Pass back as `cursor` for the next rows; null on the last page")
                          @JsonProperty("next_cursor") @Nullable String nextCursor) {
}
