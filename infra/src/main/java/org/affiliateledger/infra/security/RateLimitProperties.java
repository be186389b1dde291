package org.affiliateledger.infra.security;

import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Default requests per minute per API key ({@code LEDGER_RATE_LIMIT_READ_PER_MINUTE} /
 * {@code LEDGER_RATE_LIMIT_WRITE_PER_MINUTE}); a key's own {@code read_per_minute} / {@code write_per_minute}
 * override them.
 */
@ConfigurationProperties("ledger.rate-limits")
@Validated
public record RateLimitProperties(@Min(1) int readPerMinute, @Min(1) int writePerMinute) {
}
