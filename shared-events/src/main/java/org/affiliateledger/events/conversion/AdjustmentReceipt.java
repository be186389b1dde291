package org.affiliateledger.events.conversion;

import java.util.List;

/** What a refund or dispute changed: one line per commission touched (empty when it was already accounted for). */
public record AdjustmentReceipt(String conversionId, List<String> changes) {
}
