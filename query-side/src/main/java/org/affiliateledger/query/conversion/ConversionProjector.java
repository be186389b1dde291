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
import org.affiliateledger.query.support.RowChange;
import org.affiliateledger.query.support.RowProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * The {@code conversions} table. A conversion's status and commission are its referring affiliate's commission's, so
 * this projector also follows commission events (clawbacks, being other commissions, do not change them);
 * {@link ConversionSequencing} keeps those in order per conversion. Every change sets absolute values. {@link #ROWS}
 * is the table as a function of events, shared with the as-of reads.
 */
@Component
@ProcessingGroup(ConversionProjector.GROUP)
public class ConversionProjector {
    public static final String GROUP = "conversions";
    static final String TABLE = "conversions";

    public static final RowProjection ROWS = RowProjection.builder()
            .on(ConversionRecorded.class, (e, at) -> RowChange.insert(TABLE, "id", e.conversionId())
                    .set("merchant_id", e.merchantId()).set("affiliate_id", e.affiliateId())
                    .set("source", e.source().name().toLowerCase(Locale.ROOT)).set("external_id", e.externalId())
                    .set("amount_cents", e.amountCents()).set("currency", e.currency()).set("commission_id", e.commissionId())
                    .set("commission_rate", e.commissionRate()).set("commission_cents", e.commissionCents())
                    .set("affiliate_session_id", e.affiliateSessionId()).set("event_type", e.eventType())
                    .json("payload", e.payload())
                    // an event that earns nothing has no commission to wait for
                    .set("status", e.commissionId() == null ? null : CommissionStatus.PENDING.wireName())
                    .set("created_at", e.recordedAt()).set("flat_reward_cents", flatReward(e)))
            .on(CommissionApproved.class, (e, at) -> status(e.commissionId(), CommissionStatus.APPROVED))
            .on(CommissionRejected.class, (e, at) -> status(e.commissionId(), CommissionStatus.REJECTED))
            .on(CommissionVoided.class, (e, at) -> status(e.commissionId(), CommissionStatus.VOIDED))
            .on(CommissionPaid.class, (e, at) -> status(e.commissionId(), CommissionStatus.PAID))
            .on(CommissionHeld.class, (e, at) -> status(e.commissionId(), CommissionStatus.HELD))
            .on(CommissionReleased.class, (e, at) -> status(e.commissionId(), e.restoredTo()))
            .on(CommissionReduced.class, (e, at) -> RowChange.update(TABLE, "commission_id", e.commissionId())
                    .set("commission_cents", e.amountCents()))
            .on(ConversionRefunded.class, (e, at) -> RowChange.update(TABLE, "id", e.conversionId())
                    .set("refunded_cents", e.refundedCents()))
            .on(ConversionDisputed.class, (e, at) -> RowChange.update(TABLE, "id", e.conversionId())
                    .set("dispute_status", "open"))
            .on(ConversionDisputeClosed.class, (e, at) -> RowChange.update(TABLE, "id", e.conversionId())
                    .set("dispute_status", e.won() ? "won" : "lost"))
            .on(FraudFlagged.class, (e, at) -> RowChange.update(TABLE, "id", e.conversionId())
                    .addToSet("fraud_rules", e.rule(), ","))
            .build();

    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public ConversionProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
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
    void on(Object event, EventMessage<?> message) {
        ROWS.change(message).ifPresent(rows::write);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE conversions, conversion_day_totals, affiliate_conversion_totals").update(); // instant and leaves no dead rows, unlike DELETE
    }

    private static RowChange status(String commissionId, CommissionStatus status) {
        return RowChange.update(TABLE, "commission_id", commissionId).set("status", status.wireName());
    }
}
