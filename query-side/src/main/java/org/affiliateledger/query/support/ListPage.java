package org.affiliateledger.query.support;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Every list: {@code {"data": [...], "page": 1, "limit": 50, "next_cursor": "..."}}; {@code page} only in page mode. */
public record ListPage<T>(List<T> data,
                          @JsonInclude(JsonInclude.Include.NON_NULL) Integer page,
                          int limit,
                          @JsonProperty("next_cursor") String nextCursor) {
}
