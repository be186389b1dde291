package org.affiliateledger.command.conversion;

import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.conversion.ConversionReceipt;
import org.affiliateledger.events.conversion.RecordConversion;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Records a conversion and the referring affiliate's commission in one unit of work: the rate comes from the
 * affiliate's override or the program default, and both the rate and the amount are fixed in the events, as is the
 * end of the merchant's hold period (hold days × {@code ledger.commissions.hold-unit}, one day unless a test shortens it).
 */
@Component
public class ConversionRecording {
    private final Repository<Merchant> merchants;
    private final Repository<Affiliate> affiliates;
    private final Repository<Conversion> conversions;
    private final Repository<Commission> commissions;
    private final UniqueClaims claims;
    private final Duration holdUnit;

    public ConversionRecording(Repository<Merchant> merchantRepository, Repository<Affiliate> affiliateRepository,
                               Repository<Conversion> conversionRepository, Repository<Commission> commissionRepository,
                               UniqueClaims claims, @Value("${ledger.commissions.hold-unit:P1D}") Duration holdUnit) {
        this.merchants = merchantRepository;
        this.affiliates = affiliateRepository;
        this.conversions = conversionRepository;
        this.commissions = commissionRepository;
        this.claims = claims;
        this.holdUnit = holdUnit;
    }

    @CommandHandler
    public ConversionReceipt handle(RecordConversion command) throws Exception {
        var merchant = merchants.load(command.merchantId());
        CommissionRate programDefault = merchant.invoke(Merchant::defaultRate);
        int holdDays = merchant.invoke(Merchant::holdDays);
        CommissionRate rate = loadAffiliate(command).invoke(a -> a.earningRate(command.merchantId(), programDefault));
        if (command.externalId() != null) {
            String kind = "conversion." + command.source().name().toLowerCase(Locale.ROOT);
            claims.claim(command.merchantId(), kind, command.externalId(), command.conversionId()).ifPresent(owner -> {
                throw new DuplicateException("external_id \"" + command.externalId() + "\" was already recorded as conversion " + owner);
            });
            for (String alias : command.aliases()) {
                claims.claim(command.merchantId(), kind, alias, command.conversionId()).ifPresent(owner -> {
                    throw new DuplicateException(alias + " was already recorded as conversion " + owner);
                });
            }
        }
        long commissionCents = rate.commissionOn(command.amountCents());
        Instant approvableAt = command.recordedAt().plus(holdUnit.multipliedBy(holdDays));
        conversions.newInstance(() -> new Conversion(command, rate, commissionCents));
        commissions.newInstance(() -> new Commission(command.commissionId(), command.merchantId(), command.conversionId(),
                command.affiliateId(), 0, command.amountCents(), rate, commissionCents, command.currency(), approvableAt));
        return new ConversionReceipt(command.conversionId(), command.commissionId(), commissionCents);
    }

    private org.axonframework.modelling.command.Aggregate<Affiliate> loadAffiliate(RecordConversion command) {
        try {
            return affiliates.load(command.affiliateId());
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException("affiliate", command.affiliateId());
        }
    }
}
