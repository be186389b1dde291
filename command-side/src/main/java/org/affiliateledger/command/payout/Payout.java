package org.affiliateledger.command.payout;

import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.payout.MarkPayoutFailed;
import org.affiliateledger.events.payout.OpenPayout;
import org.affiliateledger.events.payout.MarkPayoutPaid;
import org.affiliateledger.events.payout.MarkPayoutSent;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.affiliateledger.events.payout.PayoutStatus;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.time.ZoneOffset;

import static org.affiliateledger.events.common.Lifecycle.allowOnlyFrom;
import static org.affiliateledger.events.payout.PayoutStatus.CREATED;
import static org.affiliateledger.events.payout.PayoutStatus.FAILED;
import static org.affiliateledger.events.payout.PayoutStatus.PAID;
import static org.affiliateledger.events.payout.PayoutStatus.SENT;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * One affiliate's money in one currency, on its way: created → sent → paid, or created | sent → failed. paid and
 * failed are final. A payout is created only when the program's rules allow it (see the constructor); its commissions
 * are reserved for it in the same unit of work, paid by the payout saga when it is paid, released when it fails.
 */
@Aggregate(repository = "payoutRepository")
public class Payout {
    @AggregateIdentifier
    private String payoutId;
    private String merchantId;
    private String affiliateId;
    private String currency;
    private long amountCents;
    private String externalReference;
    private PayoutStatus status;
    private String failureReason;

    protected Payout() {
    }

    @CommandHandler
    public Payout(OpenPayout terms) {
        onlyPayableAffiliatesArePaid(terms);
        somethingToPay(terms);
        balanceIsPositive(terms);
        atLeastThePayoutMinimum(terms);
        taxFormOnFileAboveTheThreshold(terms);
        apply(new PayoutCreated(terms.payoutId(), terms.merchantId(), terms.affiliateId(), terms.batchId(),
                terms.currency(), terms.netCents(),
                terms.lines().stream().map(OpenPayout.Line::commissionId).toList(), terms.createdAt()));
    }

    /** Another merchant's affiliate is one that does not exist; banned and suspended affiliates are not paid. */
    private static void onlyPayableAffiliatesArePaid(OpenPayout terms) {
        OpenPayout.Payee payee = terms.payee();
        if (!payee.merchantId().equals(terms.merchantId())) {
            throw new NotFoundException("affiliate", payee.affiliateId());
        }
        if (payee.status() == AffiliateStatus.BANNED || payee.status() == AffiliateStatus.SUSPENDED) {
            throw new UnprocessableException("affiliate " + payee.affiliateId() + " is " + payee.status().wireName()
                    + "; " + (payee.status() == AffiliateStatus.BANNED ? "banned affiliates are not paid"
                    : "reinstate it before paying it")).withCode("affiliate_not_payable");
        }
    }

    private static void somethingToPay(OpenPayout terms) {
        if (terms.lines().isEmpty()) {
            throw new UnprocessableException("nothing to pay: affiliate " + terms.affiliateId() + " has no approved "
                    + terms.currency() + " commissions that are not already in a payout").withCode("nothing_to_pay");
        }
    }

    private static void balanceIsPositive(OpenPayout terms) {
        long net = terms.netCents();
        if (net == 0) {
            throw new UnprocessableException("nothing to pay: the approved " + terms.currency() + " commissions of affiliate "
                    + terms.affiliateId() + " and its clawbacks net to " + Money.describe(0, terms.currency())).withCode("nothing_to_pay");
        }
        if (net < 0) {
            throw new UnprocessableException("balance is negative: " + Money.describe(net, terms.currency())
                    + "; clawbacks exceed approved commissions of affiliate " + terms.affiliateId()
                    + " (they net against its next commissions)").withCode("negative_balance");
        }
    }

    private static void atLeastThePayoutMinimum(OpenPayout terms) {
        if (terms.netCents() < terms.payoutMinimumCents()) {
            throw new UnprocessableException("balance " + Money.describe(terms.netCents(), terms.currency())
                    + " of affiliate " + terms.affiliateId() + " is below the program's payout minimum of "
                    + Money.describe(terms.payoutMinimumCents(), terms.currency())).withCode("below_payout_minimum");
        }
    }

    /** A calendar year's payouts (paid or pending) above the threshold need the affiliate's tax form on file. */
    private static void taxFormOnFileAboveTheThreshold(OpenPayout terms) {
        Long threshold = terms.taxFormThresholdCents();
        if (threshold == null || terms.payee().taxFormOnFile()) {
            return;
        }
        long yearTotal = terms.yearToDateCents() + terms.netCents();
        if (yearTotal > threshold) {
            int year = terms.createdAt().atOffset(ZoneOffset.UTC).getYear();
            throw new UnprocessableException("affiliate " + terms.affiliateId() + " has no tax form on file, and its "
                    + year + " payouts in " + terms.currency() + " would reach " + Money.describe(yearTotal, terms.currency())
                    + ", above the program's tax-form threshold of " + Money.describe(threshold, terms.currency())
                    + "; record one with POST /api/v1/affiliates/" + terms.affiliateId() + "/tax-form").withCode("tax_form_required");
        }
    }

    @CommandHandler
    PayoutStatus handle(MarkPayoutSent command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("payout", payoutId, "mark sent", status, CREATED);
        apply(new PayoutSent(payoutId, merchantId, affiliateId, amountCents, currency, command.externalReference()));
        return status;
    }

    @CommandHandler
    PayoutStatus handle(MarkPayoutPaid command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("payout", payoutId, "mark paid", status, SENT);
        apply(new PayoutPaid(payoutId, merchantId, affiliateId, amountCents, currency, externalReference));
        return status;
    }

    @CommandHandler
    PayoutStatus handle(MarkPayoutFailed command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("payout", payoutId, "mark failed", status, CREATED, SENT);
        apply(new PayoutFailed(payoutId, merchantId, affiliateId, amountCents, currency, command.reason()));
        return status;
    }

    /** Another merchant's payout is indistinguishable from one that does not exist. */
    private void belongsTo(String callerMerchantId) {
        if (!merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("payout", payoutId);
        }
    }

    @EventSourcingHandler
    void on(PayoutCreated event) {
        payoutId = event.payoutId();
        merchantId = event.merchantId();
        affiliateId = event.affiliateId();
        currency = event.currency();
        amountCents = event.amountCents();
        status = CREATED;
    }

    @EventSourcingHandler
    void on(PayoutSent event) {
        externalReference = event.externalReference();
        status = SENT;
    }

    @EventSourcingHandler
    void on(PayoutPaid event) {
        status = PAID;
    }

    @EventSourcingHandler
    void on(PayoutFailed event) {
        status = FAILED;
        failureReason = event.reason();
    }

    /** Why the payout failed, as marked (null when no reason was given or it has not failed). */
    public String failureReason() {
        return failureReason;
    }
}
