package org.affiliateledger.command.conversion;

import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.command.affiliate.ReferredRevenue;
import org.affiliateledger.command.conversion.Beneficiaries.Beneficiary;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.command.support.Dispatch;
import org.affiliateledger.events.affiliate.CountReferredRevenue;
import org.affiliateledger.events.commission.CreateCommission;
import org.affiliateledger.events.merchant.NoteConversionRecorded;
import org.affiliateledger.events.commission.FlagCommissionForFraud;
import org.affiliateledger.command.link.ClickSessions;
import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.command.support.CommandSettings;
import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.conversion.ConversionReceipt;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.conversion.FraudObservations;
import org.affiliateledger.events.conversion.RecordAttributedConversion;
import org.affiliateledger.events.conversion.ScreenConversion;
import org.affiliateledger.events.conversion.RecordConversion;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.FraudRules;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Coordinates recording a conversion and its commissions in one unit of work; it loads and dispatches, and the rules
 * are the aggregates': the {@link Conversion} decides whom it credits (the named affiliate, else its click session's),
 * what its referrer earns (the rate from the affiliate's override, tier or the program default; an event's reward)
 * and, on the counts {@link FraudScreen} observes, which fraud rules flag it. The rate and the amount are fixed in the
 * events, as is the end of the merchant's hold period (hold days × {@code ledger.commissions.hold-unit}, one day
 * unless a test shortens it). A sale (not an event) also
 * pays the referrer's ancestors their MLM tier commissions ({@link Beneficiaries}), and raises the referrer's referred
 * revenue, which may promote it to a performance tier for its later sales; the referrer's own rate is its override,
 * else its performance tier's, else the program default.
 */
@Component
public class ConversionRecording {
    private final Repository<Merchant> merchants;
    private final Repository<Affiliate> affiliates;
    private final Repository<Conversion> conversions;
    private final Repository<Commission> commissions;
    private final UniqueClaims claims;
    private final ClickSessions sessions;
    private final FraudScreen fraud;
    private final Beneficiaries beneficiaries;
    private final ReferredRevenue referredRevenue;
    private final Duration holdUnit;

    public ConversionRecording(Repository<Merchant> merchantRepository, Repository<Affiliate> affiliateRepository,
                               Repository<Conversion> conversionRepository, Repository<Commission> commissionRepository,
                               UniqueClaims claims, ClickSessions sessions, FraudScreen fraud,
                               Beneficiaries beneficiaries, ReferredRevenue referredRevenue,
                               CommandSettings settings) {
        this.merchants = merchantRepository;
        this.affiliates = affiliateRepository;
        this.conversions = conversionRepository;
        this.commissions = commissionRepository;
        this.claims = claims;
        this.sessions = sessions;
        this.fraud = fraud;
        this.beneficiaries = beneficiaries;
        this.referredRevenue = referredRevenue;
        this.holdUnit = settings.commissions().holdUnit();
    }

    @CommandHandler
    public ConversionReceipt handle(RecordConversion request) throws Exception {
        var merchant = merchants.load(request.merchantId());
        String programCurrency = merchant.invoke(Merchant::currency);
        RecordConversion command = attributed(request, programCurrency);
        CommissionRate programDefault = merchant.invoke(Merchant::defaultRate);
        int holdDays = merchant.invoke(Merchant::holdDays);
        List<PerformanceTier> performanceTiers = merchant.invoke(Merchant::performanceTiers);
        var referrer = loadAffiliate(command);
        CommissionRate rate = referrer.invoke(a -> a.earningRate(command.merchantId(), programDefault, performanceTiers));
        EventReward reward = command.source() == ConversionSource.EVENT
                ? merchant.invoke(Merchant::eventRewards).get(command.eventType()) : null;
        if (command.externalId() != null) {
            String kind = "conversion." + command.source().name().toLowerCase(Locale.ROOT);
            // events are unique per type: the same external id may be a trial and, later, a signup
            String key = command.source() == ConversionSource.EVENT ? command.eventType() + ":" + command.externalId()
                    : command.externalId();
            claims.claim(command.merchantId(), kind, key, command.conversionId()).ifPresent(owner -> {
                throw new DuplicateException("external_id \"" + command.externalId() + "\" was already recorded as conversion " + owner).withCode("duplicate_external_id");
            });
            for (String alias : command.aliases()) {
                claims.claim(command.merchantId(), kind, alias, command.conversionId()).ifPresent(owner -> {
                    throw new DuplicateException(alias + " was already recorded as conversion " + owner).withCode("duplicate_conversion");
                });
            }
        }
        Instant approvableAt = command.recordedAt().plus(holdUnit.multipliedBy(holdDays));

        // MLM (sales only): one commission per ancestor that earns; tier 0 is the referrer's, with the command's id
        List<Beneficiary> ancestors = command.source() == ConversionSource.EVENT ? List.of()
                : beneficiaries.of(command.merchantId(), command.affiliateId(), referrer, rate,
                        merchant.invoke(Merchant::mlmTierRates)).stream().filter(b -> b.tier() > 0).toList();
        List<String> ancestorCommissionIds = ancestors.stream().map(b -> Ids.COMMISSION.next()).toList();

        // the first conversion in the program currency fixes it (Merchant decides; it records that only once)
        Dispatch.to(merchant, new NoteConversionRecorded(command.merchantId(), command.conversionId(), command.currency()));
        var conversion = conversions.newInstance(() -> new Conversion(new RecordAttributedConversion(command,
                programCurrency, rate, reward, ancestorCommissionIds)));
        // what the conversion decided: its commission (none for an event that earns nothing), rate and flat reward
        ConversionRecorded recorded = conversion.invoke(Conversion::recorded);
        long commissionCents = recorded.commissionCents();
        CommissionRate fixedRate = recorded.commissionRate() == null ? CommissionRate.of("0") : CommissionRate.of(recorded.commissionRate());
        List<ConversionReceipt.CreatedCommission> receipts = new ArrayList<>();
        List<Aggregate<Commission>> created = new ArrayList<>();
        if (recorded.commissionId() != null) {
            created.add(commissions.newInstance(() -> new Commission(new CreateCommission(command.commissionId(),
                    command.merchantId(), command.conversionId(), command.affiliateId(), 0, command.amountCents(), fixedRate,
                    commissionCents, command.currency(), approvableAt))));
            receipts.add(new ConversionReceipt.CreatedCommission(command.commissionId(), command.affiliateId(), 0,
                    fixedRate.percent(), commissionCents));
        }
        for (int i = 0; i < ancestors.size(); i++) {
            Beneficiary ancestor = ancestors.get(i);
            String commissionId = ancestorCommissionIds.get(i);
            created.add(commissions.newInstance(() -> new Commission(new CreateCommission(commissionId, command.merchantId(),
                    command.conversionId(), ancestor.affiliateId(), ancestor.tier(), command.amountCents(), ancestor.rate(),
                    ancestor.rate().commissionOn(command.amountCents()), command.currency(), approvableAt))));
            receipts.add(new ConversionReceipt.CreatedCommission(commissionId, ancestor.affiliateId(), ancestor.tier(),
                    ancestor.rate().percent(), ancestor.rate().commissionOn(command.amountCents())));
        }

        // performance tiers (sales only): the referrer's revenue in the program currency; a promotion applies from the next sale
        if (command.source() != ConversionSource.EVENT && programCurrency.equals(command.currency())) {
            if (performanceTiers.isEmpty()) {
                addReferredRevenueAsItCommits(command, programCurrency);
            } else {
                ReferredRevenue.Standing standing = referredRevenue.add(command.merchantId(), command.affiliateId(),
                        programCurrency, command.amountCents());
                String promoted = Dispatch.to(referrer, new CountReferredRevenue(command.affiliateId(), command.merchantId(),
                        command.conversionId(), command.amountCents(), programCurrency, standing.revenueCents(),
                        standing.tierName(), performanceTiers));
                if (promoted != null) {
                    referredRevenue.promoted(command.merchantId(), command.affiliateId(), programCurrency, promoted);
                }
            }
        }
        screenForFraud(command, merchant.invoke(Merchant::fraudRules), conversion, created);
        return new ConversionReceipt(recorded.conversionId(), recorded.commissionId(), commissionCents, recorded.affiliateId(),
                recorded.source(), recorded.externalId(), recorded.eventType(), recorded.amountCents(), recorded.currency(),
                recorded.commissionRate(), recorded.flatRewardCents(), recorded.recordedAt(), receipts);
    }

    /**
     * Without performance tiers nothing decides on the total now, so the sale is added just before the transaction
     * commits (a commit handler registered after the transaction's own runs before it): the affiliate's row is then
     * locked for the commit only, not for the whole conversion, and one affiliate's concurrent sales wait that much less
     * for each other. A conversion that is refused or rolls back adds nothing, as before.
     */
    private void addReferredRevenueAsItCommits(RecordConversion command, String programCurrency) {
        Runnable add = () -> referredRevenue.add(command.merchantId(), command.affiliateId(), programCurrency, command.amountCents());
        if (CurrentUnitOfWork.isStarted()) {
            CurrentUnitOfWork.get().onCommit(unitOfWork -> add.run());
        } else {
            add.run();
        }
    }

    /** The conversion screens itself on what was counted for the rules; each flag holds every commission it created. */
    private void screenForFraud(RecordConversion command, FraudRules rules,
                                Aggregate<Conversion> conversion, List<Aggregate<Commission>> created) throws Exception {
        FraudObservations observed = fraud.observe(new FraudScreen.Screened(command.merchantId(), command.affiliateId(),
                command.conversionId(), command.affiliateSessionId(), command.customerEmail(), command.recordedAt()), rules);
        List<FraudFlagged> flags = Dispatch.to(conversion, new ScreenConversion(command.conversionId(), command.merchantId(),
                rules, observed));
        for (FraudFlagged flag : flags) {
            for (Aggregate<Commission> commission : created) {
                Dispatch.to(commission, new FlagCommissionForFraud(commission.identifierAsString(), command.merchantId(),
                        flag.rule(), flag.detail()));
            }
        }
    }

    /** The affiliate credited (the conversion's rule, on the click session loaded here); the program currency by default. */
    private RecordConversion attributed(RecordConversion command, String programCurrency) {
        String currency = command.currency() == null ? programCurrency : command.currency();
        Optional<String> sessionsAffiliate = command.affiliateId() != null || command.affiliateSessionId() == null
                ? Optional.empty()
                : sessions.affiliateOf(command.merchantId(), command.affiliateSessionId(), command.recordedAt());
        return withAffiliate(command, Conversion.creditedAffiliate(command, sessionsAffiliate), currency, command.commissionId());
    }

    private static RecordConversion withAffiliate(RecordConversion c, String affiliateId, String currency, String commissionId) {
        return new RecordConversion(c.conversionId(), commissionId, c.merchantId(), affiliateId, c.source(), c.externalId(),
                c.aliases(), c.amountCents(), currency, c.affiliateSessionId(), c.recordedAt(), c.customerEmail(),
                c.eventType(), c.payload());
    }

    private Aggregate<Affiliate> loadAffiliate(RecordConversion command) {
        try {
            return affiliates.load(command.affiliateId());
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException("affiliate", command.affiliateId());
        }
    }
}
