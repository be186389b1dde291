package org.affiliateledger.events.affiliate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ApproveAffiliate(@TargetAggregateIdentifier String affiliateId, String merchantId) {
}
