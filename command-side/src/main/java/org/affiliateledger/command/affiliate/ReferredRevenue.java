package org.affiliateledger.command.affiliate;

import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each affiliate's referred revenue — the sum of its tier-0 sales in the program currency — kept on the command side
 * and raised in the same transaction as the conversion (like the unique claims), so performance tiers need no extra
 * event per conversion, and two concurrent conversions serialise on the affiliate's row: exactly one of them sees the
 * total cross a threshold, and the tier promoted to is kept with it. Refunds do not lower it (tiers never demote).
 * <p>
 * It is a running total, not the record: every sale that raises it is in the history ({@code ConversionRecorded}), every
 * promotion names the sale, the total and the threshold crossed ({@code AffiliateTierPromoted}), and the sales recorded
 * before the release that added it were added once from the history, recorded as {@code ReferredRevenueRecounted}
 * ({@link ReferredRevenueRecount}), so the history explains every total.
 */
@Component
public class ReferredRevenue {
    private final JdbcClient jdbc;

    public ReferredRevenue(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The affiliate's referred revenue in one currency, and the performance tier it was last promoted to from it. */
    public record Standing(long revenueCents, @Nullable String tierName) {
    }

    /** Adds a sale and returns the affiliate's new standing in {@code currency}; locks its row until the transaction ends. */
    public Standing add(String merchantId, String affiliateId, String currency, long amountCents) {
        return jdbc.sql("""
                        INSERT INTO affiliate_referred_revenue (merchant_id, affiliate_id, currency, revenue_cents)
                        VALUES (?, ?, ?, ?)
                        ON CONFLICT (merchant_id, affiliate_id, currency)
                        DO UPDATE SET revenue_cents = affiliate_referred_revenue.revenue_cents + EXCLUDED.revenue_cents
                        RETURNING revenue_cents, tier_name""")
                .params(merchantId, affiliateId, currency, amountCents)
                .query((rs, n) -> new Standing(rs.getLong("revenue_cents"), rs.getString("tier_name")))
                .single();
    }

    /** Records the promotion in the same transaction as its event. */
    public void promoted(String merchantId, String affiliateId, String currency, String tierName) {
        jdbc.sql("UPDATE affiliate_referred_revenue SET tier_name = ? WHERE merchant_id = ? AND affiliate_id = ? AND currency = ?")
                .params(tierName, merchantId, affiliateId, currency)
                .update();
    }
}
