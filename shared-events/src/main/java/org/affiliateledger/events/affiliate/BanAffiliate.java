package org.affiliateledger.events.affiliate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record BanAffiliate(@TargetAggregateIdentifier String affiliateId, String merchantId, String reason) {
}
