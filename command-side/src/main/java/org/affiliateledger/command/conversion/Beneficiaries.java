package org.affiliateledger.command.conversion;

import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.events.common.CommissionRate;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who earns from one conversion: tier 0 is the referring affiliate at its own rate, tier n its n-th ancestor at the
 * program's MLM rate n ({@code mlm_tier_rates[n-1]}), up to the configured tiers or the top of the lineage. Tiers are
 * positions in the lineage: a banned ancestor earns nothing and the ancestors above it still earn their own tier's
 * rate (see {@link Affiliate#ancestorRate}); a tier whose rate is 0 creates no commission.
 */
@Component
public class Beneficiaries {
    private final Repository<Affiliate> affiliates;

    public Beneficiaries(Repository<Affiliate> affiliateRepository) {
        this.affiliates = affiliateRepository;
    }

    public record Beneficiary(String affiliateId, int tier, CommissionRate rate) {
    }

    public List<Beneficiary> of(String merchantId, String referrerId, Aggregate<Affiliate> referrer, CommissionRate referrerRate,
                                List<CommissionRate> tierRates) {
        List<Beneficiary> beneficiaries = new ArrayList<>();
        beneficiaries.add(new Beneficiary(referrerId, 0, referrerRate));
        String ancestorId = tierRates.isEmpty() ? null : referrer.invoke(Affiliate::parentId);
        for (int tier = 1; ancestorId != null && tier <= tierRates.size(); tier++) {
            CommissionRate tierRate = tierRates.get(tier - 1);
            Aggregate<Affiliate> ancestor = affiliates.load(ancestorId);
            if (!"0".equals(tierRate.percent())) {
                Optional<CommissionRate> rate = ancestor.invoke(a -> a.ancestorRate(merchantId, tierRate));
                if (rate.isPresent()) {
                    beneficiaries.add(new Beneficiary(ancestorId, tier, rate.get()));
                }
            }
            ancestorId = ancestor.invoke(Affiliate::parentId);
        }
        return beneficiaries;
    }
}
