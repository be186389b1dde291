package org.affiliateledger.command.payout;

import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.affiliateledger.events.payout.CreatePayout;
import org.affiliateledger.events.payout.PayoutCreated;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates a payout in one unit of work: reserves every approved, unreserved commission of the affiliate in the
 * currency (each Commission refuses if it is not approved or already in a payout), then lets the Payout decide on the
 * program's rules. A refusal rolls the reservations back with it; two concurrent payouts of one affiliate both append
 * to the same commissions, and the event store lets only one of them commit.
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
        Affiliate.Payee payee = affiliate(command.affiliateId()).invoke(a -> a.payee(command.merchantId()));
        String currency = command.currency() != null ? Currencies.normalise(command.currency())
                : merchant.invoke(m -> m.settings().currency());

        List<PayoutTerms.Line> lines = new ArrayList<>();
        for (String commissionId : ledger.eligibleCommissions(command.merchantId(), command.affiliateId(), currency)) {
            try {
                CommissionIncludedInPayout included = commissions.load(commissionId)
                        .invoke(c -> c.includeInPayout(command.merchantId(), command.payoutId()));
                lines.add(new PayoutTerms.Line(commissionId, included.amountCents()));
            } catch (StateConflictException e) {
                // the index was read before a concurrent payout (or void) committed: the commission is no longer payable
            }
        }
        int year = command.createdAt().atOffset(ZoneOffset.UTC).getYear();
        PayoutTerms terms = new PayoutTerms(command.payoutId(), command.merchantId(), command.affiliateId(),
                command.batchId(), currency, lines, merchant.invoke(Merchant::payoutMinimumCents),
                merchant.invoke(Merchant::taxFormThresholdCents), payee.taxFormOnFile(),
                ledger.yearToDateCents(command.merchantId(), command.affiliateId(), currency, year), command.createdAt());
        payouts.newInstance(() -> new Payout(terms));
        return new PayoutCreated(terms.payoutId(), terms.merchantId(), terms.affiliateId(), terms.batchId(), currency,
                terms.netCents(), lines.stream().map(PayoutTerms.Line::commissionId).toList(), terms.createdAt());
    }

    private Aggregate<Affiliate> affiliate(String affiliateId) {
        try {
            return affiliates.load(affiliateId);
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException("affiliate", affiliateId);
        }
    }
}
