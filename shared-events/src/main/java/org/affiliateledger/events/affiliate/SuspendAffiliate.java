package org.affiliateledger.events.affiliate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record SuspendAffiliate(@TargetAggregateIdentifier String affiliateId, String merchantId, String reason) {
}
