package org.affiliateledger.events.affiliate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record PauseAffiliate(@TargetAggregateIdentifier String affiliateId, String merchantId) {
}
