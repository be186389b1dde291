package org.affiliateledger.query.payout;

import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.affiliateledger.events.payout.PayoutStatus;
import org.affiliateledger.query.support.ProjectionWriter;
import org.affiliateledger.query.support.RowChange;
import org.affiliateledger.query.support.RowProjection;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The {@code payouts} table. Every change sets absolute values, so applying an event twice changes nothing.
 * {@code paid_at} is when the money arrived: the {@code paid_at} given when it was marked paid (the event's effective
 * time), else when it was recorded. {@link #ROWS} is the table as a function of events, shared with the as-of reads.
 */
@Component
@ProcessingGroup(PayoutProjector.GROUP)
public class PayoutProjector {
    public static final String GROUP = "payouts";
    static final String TABLE = "payouts";

    public static final RowProjection ROWS = RowProjection.builder()
            .on(PayoutCreated.class, (e, at) -> RowChange.insert(TABLE, "id", e.payoutId())
                    .set("merchant_id", e.merchantId()).set("affiliate_id", e.affiliateId()).set("batch_id", e.batchId())
                    .set("currency", e.currency()).set("amount_cents", e.amountCents()).set("commission_ids", e.commissionIds())
                    .set("status", PayoutStatus.CREATED.wireName()).set("created_at", e.createdAt())
                    .set("updated_at", e.createdAt()))
            .on(PayoutSent.class, (e, at) -> RowChange.update(TABLE, "id", e.payoutId())
                    .set("status", PayoutStatus.SENT.wireName()).set("external_reference", e.externalReference())
                    .set("sent_at", at.recorded()).set("updated_at", at.recorded()))
            .on(PayoutPaid.class, (e, at) -> RowChange.update(TABLE, "id", e.payoutId())
                    .set("status", PayoutStatus.PAID.wireName()).set("paid_at", at.effective()).set("updated_at", at.recorded()))
            .on(PayoutFailed.class, (e, at) -> RowChange.update(TABLE, "id", e.payoutId())
                    .set("status", PayoutStatus.FAILED.wireName()).set("failure_reason", e.reason())
                    .set("failed_at", at.recorded()).set("updated_at", at.recorded()))
            .build();

    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public PayoutProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message) {
        ROWS.change(message).ifPresent(rows::write);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE payouts").update();
    }
}
