package org.affiliateledger.query.conversion;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.conversion.ConversionDisputeClosed;
import org.affiliateledger.events.conversion.ConversionDisputed;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.query.support.ProjectionWriter;
import org.affiliateledger.query.support.SqlTime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * The {@code conversions} table. A conversion's status and commission are its referring affiliate's commission's, so
 * this projector also follows commission events (clawbacks, being other commissions, do not change them);
 * {@link ConversionSequencing} keeps those in order per conversion. Every handler sets absolute values.
 */
@Component
@ProcessingGroup(ConversionProjector.GROUP)
public class ConversionProjector {
    public static final String GROUP = "conversions";
    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public ConversionProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ConversionRecorded event) {
        rows.write("""
                        INSERT INTO conversions (id, merchant_id, affiliate_id, source, external_id, amount_cents, currency,
                                                 commission_id, commission_rate, commission_cents, affiliate_session_id,
                                                 event_type, payload, status, created_at, flat_reward_cents)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                event.conversionId(), event.merchantId(), event.affiliateId(), event.source().name().toLowerCase(Locale.ROOT), event.externalId(), event.amountCents(), event.currency(), event.commissionId(), event.commissionRate(), event.commissionCents(), event.affiliateSessionId(), event.eventType(), event.payload(),
                // an event that earns nothing has no commission to wait for
                event.commissionId() == null ? null : "pending", SqlTime.of(event.recordedAt()), flatReward(event));
    }

    /**
     * An event's flat reward as recorded; for events recorded before it was, what the commission holds beyond its rate
     * (their flat-only rewards were recorded with the rate "0"). Null for sales.
     */
    static Long flatReward(ConversionRecorded event) {
        if (event.source() != ConversionSource.EVENT) {
            return null;
        }
        if (event.flatRewardCents() != null) {
            return event.flatRewardCents();
        }
        long ratePart = event.commissionRate() == null ? 0 : CommissionRate.of(event.commissionRate()).commissionOn(event.amountCents());
        return event.commissionCents() - ratePart;
    }

    @EventHandler
    void on(CommissionApproved event) {
        status(event.commissionId(), CommissionStatus.APPROVED);
    }

    @EventHandler
    void on(CommissionRejected event) {
        status(event.commissionId(), CommissionStatus.REJECTED);
    }

    @EventHandler
    void on(CommissionVoided event) {
        status(event.commissionId(), CommissionStatus.VOIDED);
    }

    @EventHandler
    void on(CommissionPaid event) {
        status(event.commissionId(), CommissionStatus.PAID);
    }

    @EventHandler
    void on(CommissionHeld event) {
        status(event.commissionId(), CommissionStatus.HELD);
    }

    @EventHandler
    void on(CommissionReleased event) {
        status(event.commissionId(), event.restoredTo());
    }

    @EventHandler
    void on(CommissionReduced event) {
        rows.write("UPDATE conversions SET commission_cents = ? WHERE commission_id = ?",
                event.amountCents(), event.commissionId());
    }

    @EventHandler
    void on(ConversionRefunded event) {
        rows.write("UPDATE conversions SET refunded_cents = ? WHERE id = ?",
                event.refundedCents(), event.conversionId());
    }

    @EventHandler
    void on(ConversionDisputed event) {
        rows.write("UPDATE conversions SET dispute_status = 'open' WHERE id = ? AND dispute_status IS DISTINCT FROM 'open'",
                event.conversionId());
    }

    @EventHandler
    void on(ConversionDisputeClosed event) {
        rows.write("UPDATE conversions SET dispute_status = ? WHERE id = ?",
                event.won() ? "won" : "lost", event.conversionId());
    }

    @EventHandler
    void on(FraudFlagged event) {
        rows.write("""
                        UPDATE conversions SET fraud_rules = CASE WHEN fraud_rules IS NULL THEN ?
                            WHEN ? = ANY (string_to_array(fraud_rules, ',')) THEN fraud_rules ELSE fraud_rules || ',' || ? END
                        WHERE id = ?""",
                event.rule(), event.rule(), event.rule(), event.conversionId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE conversions").update(); // instant and leaves no dead rows, unlike DELETE
    }

    private void status(String commissionId, CommissionStatus status) {
        rows.write("UPDATE conversions SET status = ? WHERE commission_id = ?",
                status.wireName(), commissionId);
    }
}
