package org.affiliateledger.command.commission;

import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.ClearCommissionFlag;
import org.affiliateledger.events.commission.CreateClawback;
import org.affiliateledger.events.commission.CreateCommission;
import org.affiliateledger.events.commission.FlagCommissionForFraud;
import org.affiliateledger.events.commission.FollowSaleReversal;
import org.affiliateledger.events.commission.HoldCommissionWhileDisputed;
import org.affiliateledger.events.commission.IncludeCommissionInPayout;
import org.affiliateledger.events.commission.ReleaseCommissionHold;
import org.affiliateledger.events.commission.ReversalReceipt;
import org.affiliateledger.events.commission.CommissionFlagCleared;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionClawedBack;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.commission.PayCommission;
import org.affiliateledger.events.commission.PayCommissionThroughPayout;
import org.affiliateledger.events.commission.RejectCommission;
import org.affiliateledger.events.commission.ReleaseCommissionFromPayout;
import org.affiliateledger.events.commission.VoidCommission;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.affiliateledger.events.commission.CommissionStatus.APPROVED;
import static org.affiliateledger.events.commission.CommissionStatus.HELD;
import static org.affiliateledger.events.commission.CommissionStatus.PAID;
import static org.affiliateledger.events.commission.CommissionStatus.PENDING;
import static org.affiliateledger.events.commission.CommissionStatus.REJECTED;
import static org.affiliateledger.events.commission.CommissionStatus.VOIDED;
import static org.affiliateledger.events.common.Lifecycle.allowOnlyFrom;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * What one beneficiary earns from one conversion: pending → approved → paid, pending → rejected,
 * pending|approved|held → voided, pending|approved → held → back. Commissions follow the money: a refund or lost
 * dispute lowers (or voids) an unpaid commission in proportion, and claws back a paid one through a negative
 * clawback commission.
 * <p>
 * An approved commission included in a payout is reserved for it ({@code payoutId}) until the payout is paid (then the
 * commission is paid) or fails (then it is released). While reserved it cannot be voided, paid by hand or included in
 * another payout, and it follows the money like a paid one: a refund or lost dispute claws the difference back.
 */
@Aggregate(repository = "commissionRepository")
public class Commission {
    @AggregateIdentifier
    private String commissionId;
    private String merchantId;
    private String conversionId;
    private String affiliateId;
    private CommissionKind kind;
    private long baseAmountCents;
    private long originalAmountCents;
    private long amountCents;
    private String currency;
    private CommissionStatus status;
    private CommissionStatus heldFrom;
    private long clawedBackCents;
    /** Fraud rules that hold this commission (rule → detail); empty when not flagged. */
    private final Map<String, String> fraudFlags = new LinkedHashMap<>();
    private String payoutId;

    protected Commission() {
    }

    @CommandHandler
    public Commission(CreateCommission command) {
        apply(new CommissionCreated(command.commissionId(), command.merchantId(), command.conversionId(),
                command.affiliateId(), command.tier(), command.baseAmountCents(), command.rate().percent(),
                command.amountCents(), command.currency(), CommissionKind.COMMISSION, null, command.approvableAt()));
    }

    /** A clawback: negative, approved at once so that it nets against the affiliate's next payout. */
    @CommandHandler
    public Commission(CreateClawback command) {
        apply(new CommissionCreated(command.clawbackId(), command.merchantId(), command.conversionId(),
                command.affiliateId(), 0, command.baseAmountCents(), "0", -command.amountCents(), command.currency(),
                CommissionKind.CLAWBACK, command.clawbackOf(), null));
        apply(new CommissionApproved(command.clawbackId(), command.merchantId(), command.conversionId(),
                command.affiliateId(), -command.amountCents(), command.currency()));
    }

    @CommandHandler
    CommissionStatus handle(ApproveCommission command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("commission", commissionId, "approve", status, PENDING);
        flaggedCommissionsWaitForReview("approve");
        apply(new CommissionApproved(commissionId, merchantId, conversionId, affiliateId, amountCents, currency));
        return status;
    }

    @CommandHandler
    CommissionStatus handle(RejectCommission command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("commission", commissionId, "reject", status, PENDING);
        apply(new CommissionRejected(commissionId, merchantId, conversionId, affiliateId, command.reason()));
        return status;
    }

    @CommandHandler
    CommissionStatus handle(VoidCommission command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("commission", commissionId, "void", status, PENDING, APPROVED, HELD);
        reservedCommissionsStayWithTheirPayout("void");
        apply(new CommissionVoided(commissionId, merchantId, conversionId, affiliateId, command.reason()));
        return status;
    }

    @CommandHandler
    CommissionStatus handle(PayCommission command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("commission", commissionId, "pay", status, APPROVED);
        reservedCommissionsStayWithTheirPayout("pay");
        apply(new CommissionPaid(commissionId, merchantId, conversionId, affiliateId, amountCents, currency, command.reference()));
        return status;
    }

    /**
     * A fraud rule fired on this commission's conversion: it is held from approval (by its hold period or by hand)
     * until a person clears the flag or voids it. Only an unpaid, undecided commission can be flagged; each rule once.
     */
    @CommandHandler
    boolean handle(FlagCommissionForFraud command) {
        belongsTo(command.merchantId());
        if ((status != PENDING && status != HELD) || fraudFlags.containsKey(command.rule())) {
            return false;
        }
        apply(new CommissionFlagged(commissionId, merchantId, conversionId, affiliateId, command.rule(), command.detail()));
        return true;
    }

    @CommandHandler
    CommissionStatus handle(ClearCommissionFlag command) {
        belongsTo(command.merchantId());
        if (fraudFlags.isEmpty()) {
            throw new StateConflictException("cannot clear the fraud flag of commission " + commissionId + ": it is not flagged").withCode("commission_not_flagged");
        }
        allowOnlyFrom("commission", commissionId, "clear the fraud flag of", status, PENDING, HELD);
        apply(new CommissionFlagCleared(commissionId, merchantId, conversionId, affiliateId, command.note()));
        return status;
    }

    private void flaggedCommissionsWaitForReview(String action) {
        if (!fraudFlags.isEmpty()) {
            throw new StateConflictException("cannot " + action + " commission " + commissionId + ": it is held by fraud rule "
                    + String.join(", ", fraudFlags.keySet()) + " (" + String.join("; ", fraudFlags.values())
                    + "); review it, then clear the flag (POST /api/v1/commissions/" + commissionId
                    + "/clear-flag) or void it").withCode("commission_flagged");
        }
    }


    /**
     * Reserves this commission for payout {@code payout}; refused unless it is approved and in no other payout, which
     * is what keeps two concurrent payouts from paying it twice (the second append of this aggregate loses).
     */
    @CommandHandler
    CommissionIncludedInPayout handle(IncludeCommissionInPayout command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("commission", commissionId, "include in a payout", status, APPROVED);
        if (payoutId != null) {
            throw new StateConflictException("commission " + commissionId + " is already in payout " + payoutId).withCode("commission_in_payout");
        }
        var included = new CommissionIncludedInPayout(commissionId, merchantId, affiliateId, command.payoutId(), amountCents,
                currency);
        apply(included);
        return included;
    }

    @CommandHandler
    CommissionStatus handle(PayCommissionThroughPayout command) {
        belongsTo(command.merchantId());
        if (status == PAID && command.payoutId().equals(payoutId)) {
            return status; // the saga's command delivered twice
        }
        allowOnlyFrom("commission", commissionId, "pay", status, APPROVED);
        if (!command.payoutId().equals(payoutId)) {
            throw new StateConflictException("commission " + commissionId + " is not in payout " + command.payoutId()).withCode("commission_not_in_payout");
        }
        apply(new CommissionPaid(commissionId, merchantId, conversionId, affiliateId, amountCents, currency, command.reference()));
        return status;
    }

    @CommandHandler
    CommissionStatus handle(ReleaseCommissionFromPayout command) {
        belongsTo(command.merchantId());
        if (status == APPROVED && command.payoutId().equals(payoutId)) {
            apply(new CommissionReleasedFromPayout(commissionId, merchantId, affiliateId, payoutId, command.reason()));
        }
        return status; // not (or no longer) in that payout: nothing to release
    }

    /** A reserved commission leaves its payout only through it: paid with it, or released when it fails. */
    private void reservedCommissionsStayWithTheirPayout(String action) {
        if (payoutId != null) {
            throw new StateConflictException("cannot " + action + " commission " + commissionId + ": it is in payout "
                    + payoutId + "; mark that payout failed first to release it").withCode("commission_in_payout");
        }
    }

    /**
     * An open dispute stops an unpaid commission where it is; paid, rejected and voided ones have nothing to hold, nor
     * has one reserved by a payout (like a paid one, a lost dispute claws it back).
     */
    @CommandHandler
    boolean handle(HoldCommissionWhileDisputed command) {
        belongsTo(command.merchantId());
        if ((status != PENDING && status != APPROVED) || payoutId != null) {
            return false;
        }
        apply(new CommissionHeld(commissionId, merchantId, conversionId, affiliateId, status, command.reason(),
                command.reference()));
        return true;
    }

    /** The dispute is over: a held commission goes back to where it was held from. */
    @CommandHandler
    boolean handle(ReleaseCommissionHold command) {
        belongsTo(command.merchantId());
        if (status != HELD) {
            return false;
        }
        apply(new CommissionReleased(commissionId, merchantId, conversionId, affiliateId, heldFrom, command.reference()));
        return true;
    }

    /**
     * Commissions follow the money: the command's {@code reversedCents} of the sale (cumulative refunds plus lost
     * disputes) went back to the customer. An unpaid commission is reduced to its share of what remains, or voided when
     * nothing remains; a paid one keeps its status and the difference is clawed back through a new negative commission,
     * which the answer asks the caller to create in the same unit of work. Following the same reversal twice changes
     * nothing.
     */
    @CommandHandler
    ReversalReceipt handle(FollowSaleReversal command) {
        belongsTo(command.merchantId());
        CommissionStatus statusBefore = status;
        long amountBefore = amountCents;
        CreateClawback clawback = followTheMoney(command.reversedCents(), command.reference(), command.clawbackId());
        return new ReversalReceipt(commissionId, statusBefore, status, amountBefore, amountCents, clawback);
    }

    private CreateClawback followTheMoney(long reversedCents, String reference, String clawbackId) {
        if (kind == CommissionKind.CLAWBACK || baseAmountCents <= 0) {
            return null;
        }
        long remaining = Math.max(0, baseAmountCents - reversedCents);
        long owed = BigDecimal.valueOf(originalAmountCents).multiply(BigDecimal.valueOf(remaining))
                .divide(BigDecimal.valueOf(baseAmountCents), 0, RoundingMode.HALF_EVEN).longValueExact();
        // a reserved commission is paid or released as a whole by its payout: the reversal is clawed back instead; so is
        // the next one of a commission that was clawed back while reserved and then released (the clawback stays)
        boolean followsLikePaid = status == APPROVED && (payoutId != null || clawedBackCents > 0);
        CommissionStatus treatedAs = followsLikePaid ? PAID : status;
        switch (treatedAs) {
            case PENDING, APPROVED, HELD -> {
                if (remaining == 0) {
                    apply(new CommissionVoided(commissionId, merchantId, conversionId, affiliateId,
                            "sale reversed in full (" + reference + ")"));
                } else if (owed < amountCents) {
                    apply(new CommissionReduced(commissionId, merchantId, conversionId, affiliateId, amountCents, owed,
                            currency, reference));
                }
                return null;
            }
            case PAID -> {
                long excess = amountCents - clawedBackCents - owed;
                if (excess <= 0) {
                    return null;
                }
                apply(new CommissionClawedBack(commissionId, merchantId, conversionId, affiliateId, clawbackId, excess,
                        currency, reference));
                return new CreateClawback(clawbackId, merchantId, commissionId, conversionId, affiliateId,
                        baseAmountCents, excess, currency);
            }
            default -> {
                return null;
            }
        }
    }

    private void belongsTo(String callerMerchantId) {
        if (!merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("commission", commissionId);
        }
    }

    @EventSourcingHandler
    void on(CommissionCreated event) {
        commissionId = event.commissionId();
        merchantId = event.merchantId();
        conversionId = event.conversionId();
        affiliateId = event.affiliateId();
        kind = event.kind();
        baseAmountCents = event.baseAmountCents();
        originalAmountCents = event.amountCents();
        amountCents = event.amountCents();
        currency = event.currency();
        status = PENDING;
    }

    @EventSourcingHandler
    void on(CommissionApproved event) {
        status = APPROVED;
    }

    @EventSourcingHandler
    void on(CommissionRejected event) {
        status = REJECTED;
    }

    @EventSourcingHandler
    void on(CommissionVoided event) {
        status = VOIDED;
    }

    @EventSourcingHandler
    void on(CommissionPaid event) {
        status = PAID;
    }

    @EventSourcingHandler
    void on(CommissionHeld event) {
        heldFrom = event.heldFrom();
        status = HELD;
    }

    @EventSourcingHandler
    void on(CommissionReleased event) {
        status = event.restoredTo();
        heldFrom = null;
    }

    @EventSourcingHandler
    void on(CommissionFlagged event) {
        fraudFlags.put(event.rule(), event.detail());
    }

    @EventSourcingHandler
    void on(CommissionFlagCleared event) {
        fraudFlags.clear();
    }

    @EventSourcingHandler
    void on(CommissionIncludedInPayout event) {
        payoutId = event.payoutId();
    }

    @EventSourcingHandler
    void on(CommissionReleasedFromPayout event) {
        payoutId = null;
    }

    @EventSourcingHandler
    void on(CommissionReduced event) {
        amountCents = event.amountCents();
    }

    @EventSourcingHandler
    void on(CommissionClawedBack event) {
        clawedBackCents += event.amountCents();
    }
}
