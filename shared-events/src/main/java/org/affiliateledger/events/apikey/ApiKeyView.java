package org.affiliateledger.events.apikey;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * An API key as every read shows it (never its secret): the answer of {@link FindApiKey}, of the key reads and of the
 * writes that answer with the key (a change of limits). Shared by both sides like {@code ProgramSettings}: the query
 * side reads it, the command side answers a write with it.
 */
@Schema(name = "ApiKey", description = "A key as listed: never its secret")
public record ApiKeyView(String id, String name,
                         @Schema(description = "The key's first characters, to recognise it") String prefix,
                         List<String> scopes, Limits rateLimits,
                         @Schema(format = "date-time") String createdAt,
                         @Schema(format = "date-time") @Nullable String lastUsedAt,
                         @Schema(format = "date-time") @Nullable String revokedAt) {

    /** The resource spelling (camelCase, like every resource). */
    @Schema(name = "RateLimits", description = "Requests per minute; null means the server's default (120 reads, 30 writes)")
    public record Limits(@Nullable Integer readPerMinute, @Nullable Integer writePerMinute) {
        public static Limits of(@Nullable RateLimits limits) {
            return limits == null ? new Limits(null, null) : new Limits(limits.readPerMinute(), limits.writePerMinute());
        }
    }
}
