package org.affiliateledger.command.conversion;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.conversion.CloseDispute;
import org.affiliateledger.events.conversion.ConversionDisputeClosed;
import org.affiliateledger.events.conversion.ConversionDisputed;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.conversion.OpenDispute;
import org.affiliateledger.events.conversion.RecordConversion;
import org.affiliateledger.events.conversion.RecordRefund;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * A sale (or other conversion) attributed to an affiliate, and what happened to its money afterwards: refunds
 * (cumulative, so a redelivered notice changes nothing) and disputes (each by its id, opened once, closed once).
 */
@Aggregate(repository = "conversionRepository")
public class Conversion {
    @AggregateIdentifier
    private String conversionId;
    private String merchantId;
    private String affiliateId;
    private long amountCents;
    private long refundedCents;
    private long lostInDisputesCents;
    private final List<String> commissionIds = new ArrayList<>();
    private final Set<String> openDisputes = new HashSet<>();
    private final Set<String> closedDisputes = new HashSet<>();

    protected Conversion() {
    }

    Conversion(RecordConversion command, CommissionRate rate, long commissionCents) {
        this(command, rate, commissionCents, List.of());
    }

    /** {@code ancestorCommissionIds}: the MLM tier commissions created with it, which follow its refunds and disputes too. */
    Conversion(RecordConversion command, CommissionRate rate, long commissionCents, List<String> ancestorCommissionIds) {
        this(command, rate.percent(), null, commissionCents, ancestorCommissionIds);
    }

    /**
     * @param ratePercent     the percent applied; null for an event whose reward has no rate
     * @param flatRewardCents the flat part of an event's reward; null for a sale
     */
    Conversion(RecordConversion command, String ratePercent, Long flatRewardCents, long commissionCents,
               List<String> ancestorCommissionIds) {
        onlyPositiveAmountsConvert(command);
        apply(new ConversionRecorded(command.conversionId(), command.merchantId(), command.affiliateId(), command.source(),
                command.externalId(), command.amountCents(), command.currency(), command.commissionId(), ratePercent,
                commissionCents, command.affiliateSessionId(), command.recordedAt(), command.eventType(), command.payload(),
                ancestorCommissionIds, flatRewardCents));
    }

    /** Sales have an amount; an event (a lead, a trial) may be worth nothing in itself. */
    private static void onlyPositiveAmountsConvert(RecordConversion command) {
        if (command.source() == ConversionSource.EVENT ? command.amountCents() < 0 : command.amountCents() <= 0) {
            throw new InvalidRequestException((command.source() == ConversionSource.EVENT
                    ? "amount must be an integer ≥ 0 (minor units), got " : "amount_cents must be a positive integer, got ")
                    + command.amountCents());
        }
    }

    /** A fraud rule fired on this new conversion; its commissions are flagged in the same unit of work. */
    void flagFraud(String rule, String detail) {
        apply(new FraudFlagged(merchantId, affiliateId, conversionId, commissionIds, rule, detail));
    }

    /** @return true when this refund notice raised the refunded total (a repeated or older notice changes nothing) */
    boolean recordRefund(RecordRefund command) {
        belongsTo(command.merchantId());
        if (command.refundedCents() < 0) {
            throw new InvalidRequestException("refunded amount must not be negative, got " + command.refundedCents());
        }
        long refunded = Math.min(command.refundedCents(), amountCents);
        if (refunded <= refundedCents) {
            return false;
        }
        apply(new ConversionRefunded(conversionId, merchantId, refunded, amountCents, command.reference()));
        return true;
    }

    /** @return true when the dispute is new (an open or already closed dispute is not opened again) */
    boolean openDispute(OpenDispute command) {
        belongsTo(command.merchantId());
        if (openDisputes.contains(command.disputeId()) || closedDisputes.contains(command.disputeId())) {
            return false;
        }
        apply(new ConversionDisputed(conversionId, merchantId, command.disputeId(), command.amountCents()));
        return true;
    }

    /**
     * Closing a dispute that was never seen open (Stripe reorders notices) closes it all the same.
     *
     * @return true when this closed the dispute now
     */
    boolean closeDispute(CloseDispute command) {
        belongsTo(command.merchantId());
        if (closedDisputes.contains(command.disputeId())) {
            return false;
        }
        long lost = command.won() ? 0 : Math.max(0, Math.min(command.amountCents(), amountCents - reversedCents()));
        apply(new ConversionDisputeClosed(conversionId, merchantId, command.disputeId(), command.won(), lost));
        return true;
    }

    /** What went back to the customer so far: refunds plus lost disputes, never more than the sale. */
    long reversedCents() {
        return Math.min(amountCents, refundedCents + lostInDisputesCents);
    }

    boolean disputed() {
        return !openDisputes.isEmpty();
    }

    List<String> commissionIds() {
        return List.copyOf(commissionIds);
    }

    private void belongsTo(String callerMerchantId) {
        if (!merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("conversion", conversionId);
        }
    }

    @EventSourcingHandler
    void on(ConversionRecorded event) {
        conversionId = event.conversionId();
        merchantId = event.merchantId();
        affiliateId = event.affiliateId();
        amountCents = event.amountCents();
        if (event.commissionId() != null) {
            commissionIds.add(event.commissionId());
        }
        commissionIds.addAll(event.ancestorCommissionIds());
    }

    @EventSourcingHandler
    void on(ConversionRefunded event) {
        refundedCents = event.refundedCents();
    }

    @EventSourcingHandler
    void on(ConversionDisputed event) {
        openDisputes.add(event.disputeId());
    }

    @EventSourcingHandler
    void on(ConversionDisputeClosed event) {
        openDisputes.remove(event.disputeId());
        closedDisputes.add(event.disputeId());
        lostInDisputesCents += event.lostCents();
    }
}
