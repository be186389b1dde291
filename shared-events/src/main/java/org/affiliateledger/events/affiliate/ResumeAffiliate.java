package org.affiliateledger.events.affiliate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

public record ResumeAffiliate(@TargetAggregateIdentifier String affiliateId, String merchantId) {
}
