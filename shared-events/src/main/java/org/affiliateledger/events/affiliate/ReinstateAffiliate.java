package org.affiliateledger.events.affiliate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ReinstateAffiliate(@TargetAggregateIdentifier String affiliateId, String merchantId) {
}
