package org.affiliateledger.command.payout;

import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.command.support.Dispatch;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.IncludeCommissionInPayout;
import org.affiliateledger.events.commission.ReleaseCommissionFromPayout;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.payout.CreatePayout;
import org.affiliateledger.events.payout.OpenPayout;
import org.affiliateledger.events.payout.PayoutCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Coordinates {@link CreatePayout} in one unit of work, deciding nothing itself: it reserves every approved, unreserved
 * commission of the affiliate in the currency ({@link IncludeCommissionInPayout}: each Commission refuses if it is not
 * approved or already in a payout), then opens the Payout ({@link OpenPayout}), which decides on the payee and the
 * program's rules. A refusal rolls the reservations back with it; two concurrent payouts of one affiliate both append
 * to the same commissions, and the event store lets only one of them commit. A commission still reserved by a payout
 * that failed is released from it first ({@link ReleaseCommissionFromPayout}, as the payout saga would).
 */
@Component
public class PayoutCreation {
    private final Repository<Payout> payouts;
    private final Repository<Commission> commissions;
    private final Repository<Affiliate> affiliates;
    private final Repository<Merchant> merchants;
    private final PayoutLedger ledger;

    public PayoutCreation(Repository<Payout> payoutRepository, Repository<Commission> commissionRepository,
                          Repository<Affiliate> affiliateRepository, Repository<Merchant> merchantRepository,
                          PayoutLedger ledger) {
        this.payouts = payoutRepository;
        this.commissions = commissionRepository;
        this.affiliates = affiliateRepository;
        this.merchants = merchantRepository;
        this.ledger = ledger;
    }

    @CommandHandler
    public PayoutCreated handle(CreatePayout command) throws Exception {
        Aggregate<Merchant> merchant = merchants.load(command.merchantId());
        OpenPayout.Payee payee = affiliate(command.affiliateId()).invoke(Affiliate::payee);
        String currency = command.currency() != null ? Currencies.normalise(command.currency())
                : merchant.invoke(Merchant::currency);

        List<OpenPayout.Line> lines = new ArrayList<>();
        Map<String, String> failureReasons = new HashMap<>(); // by failed payout: loaded once, however many it held
        if (payee.merchantId().equals(command.merchantId())) {
            for (PayoutLedger.Candidate candidate : ledger.eligibleCommissions(command.merchantId(), command.affiliateId(), currency)) {
                String commissionId = candidate.commissionId();
                try {
                    Aggregate<Commission> commission = commissions.load(commissionId);
                    if (candidate.failedPayoutId() != null) {
                        releaseFromFailedPayout(commission, command.merchantId(), candidate.failedPayoutId(), failureReasons);
                    }
                    CommissionIncludedInPayout included = Dispatch.to(commission,
                            new IncludeCommissionInPayout(commissionId, command.merchantId(), command.payoutId()));
                    lines.add(new OpenPayout.Line(commissionId, included.amountCents()));
                } catch (StateConflictException e) {
                    // the index was read before a concurrent payout (or void) committed: the commission is no longer payable
                }
            }
        }
        int year = command.createdAt().atOffset(ZoneOffset.UTC).getYear();
        OpenPayout open = new OpenPayout(command.payoutId(), command.merchantId(), command.affiliateId(),
                command.batchId(), currency, lines, payee, merchant.invoke(Merchant::payoutMinimumCents),
                merchant.invoke(Merchant::taxFormThresholdCents),
                ledger.yearToDateCents(command.merchantId(), command.affiliateId(), currency, year), command.createdAt());
        payouts.newInstance(() -> new Payout(open));
        return new PayoutCreated(open.payoutId(), open.merchantId(), open.affiliateId(), open.batchId(), currency,
                open.netCents(), lines.stream().map(OpenPayout.Line::commissionId).toList(), open.createdAt());
    }

    /**
     * The payout saga releases a failed payout's commissions shortly after the failure; a payout created before it
     * has sends the same release (same payout, same reason) in its own unit of work, so a payout asked for right after
     * a failure takes them. The Commission releases only from that payout, so the saga's later release changes nothing.
     */
    private void releaseFromFailedPayout(Aggregate<Commission> commission, String merchantId, String failedPayoutId,
                                         Map<String, String> failureReasons) throws Exception {
        if (!failureReasons.containsKey(failedPayoutId)) {
            failureReasons.put(failedPayoutId, payouts.load(failedPayoutId).invoke(Payout::failureReason));
        }
        String reason = failureReasons.get(failedPayoutId);
        Dispatch.to(commission, new ReleaseCommissionFromPayout(commission.identifierAsString(), merchantId, failedPayoutId,
                reason));
    }

    private Aggregate<Affiliate> affiliate(String affiliateId) {
        try {
            return affiliates.load(affiliateId);
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException("affiliate", affiliateId);
        }
    }
}
