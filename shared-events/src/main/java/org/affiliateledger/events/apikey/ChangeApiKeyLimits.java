package org.affiliateledger.events.apikey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * Sets the limits given and keeps the others: {@code changeRead}/{@code changeWrite} say which of {@code rateLimits}'
 * fields apply (a null value then means the server's default).
 */
public record ChangeApiKeyLimits(@TargetAggregateIdentifier String keyId, String merchantId, RateLimits rateLimits,
                                 String changedBy, boolean changeRead, boolean changeWrite) {

    /** Both limits as given. */
    public ChangeApiKeyLimits(String keyId, String merchantId, RateLimits rateLimits, String changedBy) {
        this(keyId, merchantId, rateLimits, changedBy, true, true);
    }

    /** The key's limits after this change, from the current ones. */
    public RateLimits applyTo(RateLimits current) {
        return new RateLimits(changeRead ? rateLimits.readPerMinute() : current.readPerMinute(),
                changeWrite ? rateLimits.writePerMinute() : current.writePerMinute());
    }
}
