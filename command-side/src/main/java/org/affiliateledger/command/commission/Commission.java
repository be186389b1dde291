package org.affiliateledger.command.commission;

import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.commission.RejectCommission;
import org.affiliateledger.events.commission.VoidCommission;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;


import static org.affiliateledger.events.commission.CommissionStatus.APPROVED;
import static org.affiliateledger.events.commission.CommissionStatus.PENDING;
import static org.affiliateledger.events.commission.CommissionStatus.REJECTED;
import static org.affiliateledger.events.commission.CommissionStatus.VOIDED;
import static org.affiliateledger.events.common.Lifecycle.allowOnlyFrom;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** What one beneficiary earns from one conversion: pending → approved → paid, pending → rejected, pending|approved → voided. */
@Aggregate(repository = "commissionRepository")
public class Commission {
    @AggregateIdentifier
    private String commissionId;
    private String merchantId;
    private String conversionId;
    private String affiliateId;
    private long amountCents;
    private String currency;
    private CommissionStatus status;

    protected Commission() {
    }

    public Commission(String commissionId, String merchantId, String conversionId, String affiliateId, int tier,
                      long baseAmountCents, CommissionRate rate, long amountCents, String currency) {
        apply(new CommissionCreated(commissionId, merchantId, conversionId, affiliateId, tier, baseAmountCents,
                rate.percent(), amountCents, currency));
    }

    @CommandHandler
    CommissionStatus handle(ApproveCommission command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("commission", commissionId, "approve", status, PENDING);
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
        allowOnlyFrom("commission", commissionId, "void", status, PENDING, APPROVED);
        apply(new CommissionVoided(commissionId, merchantId, conversionId, affiliateId, command.reason()));
        return status;
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
}
