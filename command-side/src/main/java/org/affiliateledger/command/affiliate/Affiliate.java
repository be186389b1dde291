package org.affiliateledger.command.affiliate;

import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateResumed;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.ApproveAffiliate;
import org.affiliateledger.events.affiliate.BanAffiliate;
import org.affiliateledger.events.affiliate.ChangeCommissionOverride;
import org.affiliateledger.events.affiliate.CommissionOverrideChanged;
import org.affiliateledger.events.affiliate.PauseAffiliate;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.affiliate.ReinstateAffiliate;
import org.affiliateledger.events.affiliate.ResumeAffiliate;
import org.affiliateledger.events.affiliate.SuspendAffiliate;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.Objects;

import static org.affiliateledger.events.affiliate.AffiliateStatus.ACTIVE;
import static org.affiliateledger.events.affiliate.AffiliateStatus.BANNED;
import static org.affiliateledger.events.affiliate.AffiliateStatus.PAUSED;
import static org.affiliateledger.events.affiliate.AffiliateStatus.PENDING;
import static org.affiliateledger.events.affiliate.AffiliateStatus.SUSPENDED;
import static org.affiliateledger.events.common.Lifecycle.allowOnlyFrom;
import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An affiliate of one merchant and its lifecycle: pending → active ⇄ paused, active|paused → suspended → active, any → banned. */
@Aggregate(repository = "affiliateRepository")
public class Affiliate {
    @AggregateIdentifier
    private String affiliateId;
    private String merchantId;
    private AffiliateStatus status;
    private CommissionRate commissionOverride;

    protected Affiliate() {
    }

    /** Uniqueness of email and short code is checked by {@link AffiliateRegistration} before this runs. */
    Affiliate(RegisterAffiliate command) {
        apply(new AffiliateRegistered(command.affiliateId(), command.merchantId(), command.name(), command.email(),
                command.shortCode(), command.commissionOverride() == null ? null : command.commissionOverride().percent(),
                command.registeredAt()));
        if (command.activate()) {
            apply(new AffiliateApproved(command.affiliateId(), command.merchantId()));
        }
    }

    @CommandHandler
    AffiliateStatus handle(ApproveAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "approve", status, PENDING);
        apply(new AffiliateApproved(affiliateId, merchantId));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(PauseAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "pause", status, ACTIVE);
        apply(new AffiliatePaused(affiliateId, merchantId));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(ResumeAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "resume", status, PAUSED);
        apply(new AffiliateResumed(affiliateId, merchantId));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(SuspendAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "suspend", status, ACTIVE, PAUSED);
        apply(new AffiliateSuspended(affiliateId, merchantId, command.reason()));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(ReinstateAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "reinstate", status, SUSPENDED);
        apply(new AffiliateReinstated(affiliateId, merchantId));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(BanAffiliate command) {
        belongsTo(command.merchantId());
        allowOnlyFrom("affiliate", affiliateId, "ban", status, PENDING, ACTIVE, PAUSED, SUSPENDED);
        apply(new AffiliateBanned(affiliateId, merchantId, command.reason()));
        return status;
    }

    @CommandHandler
    AffiliateStatus handle(ChangeCommissionOverride command) {
        belongsTo(command.merchantId());
        bannedAffiliatesAreFinal("change the commission override of");
        if (!Objects.equals(command.commissionOverride(), commissionOverride)) {
            apply(new CommissionOverrideChanged(affiliateId, merchantId,
                    command.commissionOverride() == null ? null : command.commissionOverride().percent()));
        }
        return status;
    }

    /** The rate this affiliate earns on a new conversion: its own override, else the program's default. */
    public CommissionRate earningRate(String merchantId, CommissionRate programDefault) {
        belongsTo(merchantId);
        if (status != ACTIVE) {
            throw new StateConflictException("affiliate " + affiliateId + " is " + status.wireName()
                    + "; conversions can only be recorded for active affiliates");
        }
        return commissionOverride != null ? commissionOverride : programDefault;
    }

    /** Another merchant's affiliate is indistinguishable from one that does not exist. */
    private void belongsTo(String callerMerchantId) {
        if (!merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("affiliate", affiliateId);
        }
    }


    private void bannedAffiliatesAreFinal(String action) {
        if (status == BANNED) {
            throw new StateConflictException("cannot " + action + " affiliate " + affiliateId + ": it is banned");
        }
    }

    @EventSourcingHandler
    void on(AffiliateRegistered event) {
        affiliateId = event.affiliateId();
        merchantId = event.merchantId();
        status = PENDING;
        commissionOverride = event.commissionOverride() == null ? null : CommissionRate.of(event.commissionOverride());
    }

    @EventSourcingHandler
    void on(AffiliateApproved event) {
        status = ACTIVE;
    }

    @EventSourcingHandler
    void on(AffiliatePaused event) {
        status = PAUSED;
    }

    @EventSourcingHandler
    void on(AffiliateResumed event) {
        status = ACTIVE;
    }

    @EventSourcingHandler
    void on(AffiliateSuspended event) {
        status = SUSPENDED;
    }

    @EventSourcingHandler
    void on(AffiliateReinstated event) {
        status = ACTIVE;
    }

    @EventSourcingHandler
    void on(AffiliateBanned event) {
        status = BANNED;
    }

    @EventSourcingHandler
    void on(CommissionOverrideChanged event) {
        commissionOverride = event.commissionOverride() == null ? null : CommissionRate.of(event.commissionOverride());
    }
}
