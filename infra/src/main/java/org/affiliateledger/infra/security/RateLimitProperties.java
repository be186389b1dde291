package org.affiliateledger.infra.security;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Default requests per minute per API key ({@code LEDGER_RATE_LIMIT_READ_PER_MINUTE} /
 * {@code LEDGER_RATE_LIMIT_WRITE_PER_MINUTE}); a key's own {@code read_per_minute} / {@code write_per_minute}
 * override them.
 */
@ConfigurationProperties("ledger.rate-limits")
public record RateLimitProperties(int readPerMinute, int writePerMinute) {

    public RateLimitProperties {
        if (readPerMinute <= 0 || writePerMinute <= 0) {
            throw new IllegalArgumentException("ledger.rate-limits.* must be positive (requests per minute), got read="
                    + readPerMinute + " write=" + writePerMinute);
        }
    }
}
