package org.affiliateledger.events.apikey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record RevokeApiKey(@TargetAggregateIdentifier String keyId, String merchantId, String revokedBy) {
}
