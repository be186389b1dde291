package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.command.support.Dispatch;
import org.affiliateledger.events.affiliate.RecordReferredRevenueRecount;
import org.affiliateledger.events.affiliate.RecountReferredRevenue;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Coordinates {@link RecountReferredRevenue} in one transaction, deciding nothing itself: claims the
 * (merchant, affiliate, currency) recount so that it happens once (a second run, or a second node, finds it claimed),
 * adds the uncounted sales to the running total under its row lock, and lets the Affiliate record the recount and
 * decide on a promotion ({@link RecordReferredRevenueRecount}).
 */
@Component
public class ReferredRevenueRecounting {
    private final Repository<Merchant> merchants;
    private final Repository<Affiliate> affiliates;
    private final ReferredRevenue referredRevenue;
    private final JdbcClient jdbc;

    public ReferredRevenueRecounting(Repository<Merchant> merchantRepository, Repository<Affiliate> affiliateRepository,
                                     ReferredRevenue referredRevenue, JdbcClient jdbc) {
        this.merchants = merchantRepository;
        this.affiliates = affiliateRepository;
        this.referredRevenue = referredRevenue;
        this.jdbc = jdbc;
    }

    /** @return whether this call recounted (false: recounted before) */
    @CommandHandler
    public boolean handle(RecountReferredRevenue command) throws Exception {
        int claimed = jdbc.sql("""
                        INSERT INTO referred_revenue_recounts (merchant_id, affiliate_id, currency, added_cents)
                        VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING""")
                .params(command.merchantId(), command.affiliateId(), command.currency(), command.uncountedCents())
                .update();
        if (claimed == 0) {
            return false;
        }
        var tiers = merchants.load(command.merchantId()).invoke(Merchant::performanceTiers);
        ReferredRevenue.Standing standing = referredRevenue.add(command.merchantId(), command.affiliateId(),
                command.currency(), command.uncountedCents());
        String promoted = Dispatch.to(affiliates.load(command.affiliateId()), new RecordReferredRevenueRecount(
                command.affiliateId(), command.merchantId(), command.currency(), command.uncountedCents(),
                standing.revenueCents(), command.countedSince(), standing.tierName(), tiers));
        if (promoted != null) {
            referredRevenue.promoted(command.merchantId(), command.affiliateId(), command.currency(), promoted);
        }
        return true;
    }
}
