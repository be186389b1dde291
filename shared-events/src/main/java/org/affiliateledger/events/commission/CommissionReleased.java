package org.affiliateledger.events.commission;

/** held → the state it was held from ({@code restoredTo}), e.g. when the dispute was won. */
public record CommissionReleased(String commissionId, String merchantId, String conversionId, String affiliateId,
                                 CommissionStatus restoredTo, String reference) {
}
