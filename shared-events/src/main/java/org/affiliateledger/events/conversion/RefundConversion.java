package org.affiliateledger.events.conversion;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * The conversion's own part of a {@link RecordRefund}: raises its refunded total (cumulative, so a repeated or older
 * notice changes nothing). Answers whether the total rose.
 */
public record RefundConversion(@TargetAggregateIdentifier String conversionId, String merchantId, long refundedCents, String reference) {
}
