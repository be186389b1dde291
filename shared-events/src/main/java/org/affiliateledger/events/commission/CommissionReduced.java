package org.affiliateledger.events.commission;

/** A partial refund (or partially lost dispute) lowered an unpaid commission to {@code amountCents}. */
public record CommissionReduced(String commissionId, String merchantId, String conversionId, String affiliateId,
                                long previousAmountCents, long amountCents, String currency, String reference) {
}
