package org.affiliateledger.events.apikey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ChangeApiKeyLimits(@TargetAggregateIdentifier String keyId, String merchantId, RateLimits rateLimits,
                                 String changedBy) {
}
