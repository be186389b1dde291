package org.affiliateledger.events.conversion;

import java.util.List;

/**
 * A fraud rule ({@code self_referral}, {@code velocity}, {@code refund_rate}) fired on a new conversion: its
 * commissions are held from approval ({@code CommissionFlagged}) until a person clears or voids them.
 */
public record FraudFlagged(String merchantId, String affiliateId, String conversionId, List<String> commissionIds,
                           String rule, String detail) {
    public FraudFlagged {
        commissionIds = commissionIds == null ? List.of() : List.copyOf(commissionIds);
    }
}
