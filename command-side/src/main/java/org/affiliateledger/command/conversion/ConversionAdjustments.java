package org.affiliateledger.command.conversion;

import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.command.support.Dispatch;
import org.affiliateledger.events.commission.FollowSaleReversal;
import org.affiliateledger.events.commission.HoldCommissionWhileDisputed;
import org.affiliateledger.events.commission.ReleaseCommissionHold;
import org.affiliateledger.events.commission.ReversalReceipt;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.conversion.AdjustmentReceipt;
import org.affiliateledger.events.conversion.CloseConversionDispute;
import org.affiliateledger.events.conversion.CloseDispute;
import org.affiliateledger.events.conversion.DisputeConversion;
import org.affiliateledger.events.conversion.OpenDispute;
import org.affiliateledger.events.conversion.RecordRefund;
import org.affiliateledger.events.conversion.RefundConversion;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * Refunds and disputes of a conversion and what they do to its commissions, in one unit of work: the conversion
 * decides and records the money movement (its own commands, idempotent), then each commission follows it — reduced, voided, held, released, or
 * clawed back through a new negative commission when it was already paid.
 */
@Component
public class ConversionAdjustments {
    private final Repository<Conversion> conversions;
    private final Repository<Commission> commissions;
    private final FraudScreen fraud;

    public ConversionAdjustments(Repository<Conversion> conversionRepository, Repository<Commission> commissionRepository,
                                 FraudScreen fraud) {
        this.conversions = conversionRepository;
        this.commissions = commissionRepository;
        this.fraud = fraud;
    }

    @CommandHandler
    public AdjustmentReceipt handle(RecordRefund command) throws Exception {
        Aggregate<Conversion> conversion = load(command.conversionId());
        List<String> changes = new ArrayList<>();
        if (Dispatch.<Boolean>to(conversion, new RefundConversion(command.conversionId(), command.merchantId(),
                command.refundedCents(), command.reference()))) {
            fraud.refunded(command.conversionId()); // counts towards the affiliate's refund rate
            followReversal(conversion, command.merchantId(), command.reference(), changes);
        }
        return new AdjustmentReceipt(command.conversionId(), changes);
    }

    @CommandHandler
    public AdjustmentReceipt handle(OpenDispute command) throws Exception {
        Aggregate<Conversion> conversion = load(command.conversionId());
        List<String> changes = new ArrayList<>();
        if (Dispatch.<Boolean>to(conversion, new DisputeConversion(command.conversionId(), command.merchantId(),
                command.disputeId(), command.amountCents()))) {
            for (String commissionId : conversion.invoke(Conversion::commissionIds)) {
                if (Dispatch.<Boolean>to(commissions.load(commissionId), new HoldCommissionWhileDisputed(commissionId,
                        command.merchantId(), "dispute " + command.disputeId() + " open", command.disputeId()))) {
                    changes.add(commissionId + " held");
                }
            }
        }
        return new AdjustmentReceipt(command.conversionId(), changes);
    }

    @CommandHandler
    public AdjustmentReceipt handle(CloseDispute command) throws Exception {
        Aggregate<Conversion> conversion = load(command.conversionId());
        List<String> changes = new ArrayList<>();
        if (Dispatch.<Boolean>to(conversion, new CloseConversionDispute(command.conversionId(), command.merchantId(),
                command.disputeId(), command.won(), command.amountCents()))) {
            if (!command.won()) {
                followReversal(conversion, command.merchantId(), command.disputeId(), changes);
            }
            if (!conversion.invoke(Conversion::disputed)) {
                for (String commissionId : conversion.invoke(Conversion::commissionIds)) {
                    if (Dispatch.<Boolean>to(commissions.load(commissionId),
                            new ReleaseCommissionHold(commissionId, command.merchantId(), command.disputeId()))) {
                        changes.add(commissionId + " released");
                    }
                }
            }
        }
        return new AdjustmentReceipt(command.conversionId(), changes);
    }

    private void followReversal(Aggregate<Conversion> conversion, String merchantId, String reference,
                                List<String> changes) throws Exception {
        long reversed = conversion.invoke(Conversion::reversedCents);
        for (String commissionId : conversion.invoke(Conversion::commissionIds)) {
            ReversalReceipt followed = Dispatch.to(commissions.load(commissionId),
                    new FollowSaleReversal(commissionId, merchantId, reversed, reference, Ids.COMMISSION.next()));
            if (followed.clawback() != null) {
                commissions.newInstance(() -> new Commission(followed.clawback()));
                changes.add(commissionId + " clawed back " + followed.clawback().amountCents() + " as "
                        + followed.clawback().clawbackId());
            } else if (followed.status() != followed.statusBefore()) {
                changes.add(commissionId + " " + followed.status().wireName());
            } else if (followed.amountCents() != followed.amountCentsBefore()) {
                changes.add(commissionId + " reduced to " + followed.amountCents());
            }
        }
    }

    private Aggregate<Conversion> load(String conversionId) {
        try {
            return conversions.load(conversionId);
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException("conversion", conversionId);
        }
    }
}
