package org.affiliateledger.query.commission;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionFlagCleared;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.query.support.ProjectionWriter;
import org.affiliateledger.query.support.RowChange;
import org.affiliateledger.query.support.RowProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The {@code commissions} table. Every change sets absolute values, so applying an event twice changes nothing.
 * {@link #ROWS} is the table as a function of events: this projector writes it, and the as-of reads rebuild a
 * commission from its events with the very same function.
 */
@Component
@ProcessingGroup(CommissionProjector.GROUP)
public class CommissionProjector {
    public static final String GROUP = "commissions";
    static final String TABLE = "commissions";

    public static final RowProjection ROWS = RowProjection.builder()
            .on(CommissionCreated.class, (e, at) -> RowChange.insert(TABLE, "id", e.commissionId())
                    .set("merchant_id", e.merchantId()).set("conversion_id", e.conversionId())
                    .set("affiliate_id", e.affiliateId()).set("tier", e.tier()).set("base_amount_cents", e.baseAmountCents())
                    .set("rate", e.rate()).set("amount_cents", e.amountCents()).set("original_amount_cents", e.amountCents())
                    .set("currency", e.currency()).set("kind", e.kind().wireName()).set("clawback_of", e.clawbackOf())
                    .set("approvable_at", e.approvableAt()).set("status", CommissionStatus.PENDING.wireName())
                    .set("created_at", at.recorded()).set("updated_at", at.recorded()))
            .on(CommissionApproved.class, (e, at) -> status(e.commissionId(), CommissionStatus.APPROVED, null, at.recorded()))
            .on(CommissionRejected.class, (e, at) -> status(e.commissionId(), CommissionStatus.REJECTED, e.reason(), at.recorded()))
            .on(CommissionVoided.class, (e, at) -> status(e.commissionId(), CommissionStatus.VOIDED, e.reason(), at.recorded()))
            .on(CommissionPaid.class, (e, at) -> RowChange.update(TABLE, "id", e.commissionId())
                    .set("status", CommissionStatus.PAID.wireName()).set("status_reason", null)
                    // events recorded before a payout's commissions carried the payout's own reference named the payout id
                    .setUnlessColumnEquals("paid_reference", e.reference(), "payout_id").set("updated_at", at.recorded()))
            .on(CommissionHeld.class, (e, at) -> status(e.commissionId(), CommissionStatus.HELD, e.reason(), at.recorded()))
            .on(CommissionReleased.class, (e, at) -> status(e.commissionId(), e.restoredTo(), null, at.recorded()))
            // several rules may flag one commission: each is named once in hold_reason
            .on(CommissionFlagged.class, (e, at) -> RowChange.update(TABLE, "id", e.commissionId())
                    .set("flagged", true).set("updated_at", at.recorded())
                    .appendOnce("hold_reason", "fraud: " + e.rule() + " (" + e.detail() + ")", "; ", "fraud: " + e.rule() + " ("))
            .on(CommissionFlagCleared.class, (e, at) -> RowChange.update(TABLE, "id", e.commissionId())
                    .set("flagged", false).set("hold_reason", null).set("updated_at", at.recorded()))
            .on(CommissionReduced.class, (e, at) -> RowChange.update(TABLE, "id", e.commissionId())
                    .set("amount_cents", e.amountCents()).set("updated_at", at.recorded()))
            .on(CommissionIncludedInPayout.class, (e, at) -> RowChange.update(TABLE, "id", e.commissionId())
                    .set("payout_id", e.payoutId()).set("updated_at", at.recorded()))
            .on(CommissionReleasedFromPayout.class, (e, at) -> RowChange.update(TABLE, "id", e.commissionId())
                    .set("payout_id", null).set("updated_at", at.recorded()))
            .build();

    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public CommissionProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message) {
        ROWS.change(message).ifPresent(rows::write);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE commissions, commission_day_totals, affiliate_commission_totals").update(); // instant and leaves no dead rows, unlike DELETE
    }

    private static RowChange status(String commissionId, CommissionStatus status, String reason, Instant at) {
        return RowChange.update(TABLE, "id", commissionId)
                .set("status", status.wireName()).set("status_reason", reason).set("updated_at", at);
    }
}
