package org.affiliateledger.events.conversion;

import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * A fraud rule ({@code self_referral}, {@code velocity}, {@code refund_rate}) fired on a new conversion: its
 * commissions are held from approval ({@code CommissionFlagged}) until a person clears or voids them.
 * {@code evidence} is what the rule saw (counts, window, limits); null on events recorded before it was kept.
 */
public record FraudFlagged(String merchantId, String affiliateId, String conversionId, List<String> commissionIds,
                           String rule, String detail, @Nullable FraudEvidence evidence) {
    public FraudFlagged {
        commissionIds = commissionIds == null ? List.of() : List.copyOf(commissionIds);
    }

    public FraudFlagged(String merchantId, String affiliateId, String conversionId, List<String> commissionIds,
                        String rule, String detail) {
        this(merchantId, affiliateId, conversionId, commissionIds, rule, detail, null);
    }
}
