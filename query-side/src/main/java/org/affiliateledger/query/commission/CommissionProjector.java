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
import org.affiliateledger.query.support.SqlTime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The {@code commissions} table. Every handler sets absolute values, so applying an event twice changes nothing. */
@Component
@ProcessingGroup(CommissionProjector.GROUP)
public class CommissionProjector {
    public static final String GROUP = "commissions";
    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public CommissionProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(CommissionCreated event, @Timestamp Instant at) {
        rows.write("""
                        INSERT INTO commissions (id, merchant_id, conversion_id, affiliate_id, tier, base_amount_cents, rate,
                                                 amount_cents, original_amount_cents, currency, kind, clawback_of,
                                                 approvable_at, status, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (id) DO NOTHING""",
                event.commissionId(), event.merchantId(), event.conversionId(), event.affiliateId(), event.tier(), event.baseAmountCents(), event.rate(), event.amountCents(), event.amountCents(), event.currency(), event.kind().wireName(), event.clawbackOf(), SqlTime.of(event.approvableAt()), SqlTime.of(at), SqlTime.of(at));
    }

    @EventHandler
    void on(CommissionApproved event, @Timestamp Instant at) {
        status(event.commissionId(), CommissionStatus.APPROVED, null, at);
    }

    @EventHandler
    void on(CommissionRejected event, @Timestamp Instant at) {
        status(event.commissionId(), CommissionStatus.REJECTED, event.reason(), at);
    }

    @EventHandler
    void on(CommissionVoided event, @Timestamp Instant at) {
        status(event.commissionId(), CommissionStatus.VOIDED, event.reason(), at);
    }

    @EventHandler
    void on(CommissionPaid event, @Timestamp Instant at) {
        // events recorded before a payout's commissions carried the payout's own reference named the payout id instead
        rows.write("""
                        UPDATE commissions SET status = 'paid', status_reason = NULL,
                            paid_reference = CASE WHEN payout_id IS NOT NULL AND payout_id = ? THEN NULL ELSE ? END, updated_at = ?
                        WHERE id = ?""",
                event.reference(), event.reference(), SqlTime.of(at), event.commissionId());
    }

    @EventHandler
    void on(CommissionHeld event, @Timestamp Instant at) {
        status(event.commissionId(), CommissionStatus.HELD, event.reason(), at);
    }

    @EventHandler
    void on(CommissionReleased event, @Timestamp Instant at) {
        status(event.commissionId(), event.restoredTo(), null, at);
    }

    /** Several rules may flag one commission: each is named once in {@code hold_reason}. */
    @EventHandler
    void on(CommissionFlagged event, @Timestamp Instant at) {
        String reason = "fraud: " + event.rule() + " (" + event.detail() + ")";
        rows.write("""
                        UPDATE commissions SET flagged = true, updated_at = ?,
                            hold_reason = CASE WHEN hold_reason IS NULL THEN ? WHEN position(? in hold_reason) > 0 THEN hold_reason
                                               ELSE hold_reason || '; ' || ? END
                        WHERE id = ?""",
                SqlTime.of(at), reason, "fraud: " + event.rule() + " (", reason, event.commissionId());
    }

    @EventHandler
    void on(CommissionFlagCleared event, @Timestamp Instant at) {
        rows.write("UPDATE commissions SET flagged = false, hold_reason = NULL, updated_at = ? WHERE id = ?",
                SqlTime.of(at), event.commissionId());
    }

    @EventHandler
    void on(CommissionReduced event, @Timestamp Instant at) {
        rows.write("UPDATE commissions SET amount_cents = ?, updated_at = ? WHERE id = ?",
                event.amountCents(), SqlTime.of(at), event.commissionId());
    }

    @EventHandler
    void on(CommissionIncludedInPayout event, @Timestamp Instant at) {
        rows.write("UPDATE commissions SET payout_id = ?, updated_at = ? WHERE id = ?",
                event.payoutId(), SqlTime.of(at), event.commissionId());
    }

    @EventHandler
    void on(CommissionReleasedFromPayout event, @Timestamp Instant at) {
        rows.write("UPDATE commissions SET payout_id = NULL, updated_at = ? WHERE id = ?", SqlTime.of(at), event.commissionId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE commissions").update(); // instant and leaves no dead rows, unlike DELETE
    }

    private void status(String commissionId, CommissionStatus status, String reason, Instant at) {
        rows.write("UPDATE commissions SET status = ?, status_reason = ?, updated_at = ? WHERE id = ?",
                status.wireName(), reason, SqlTime.of(at), commissionId);
    }
}
