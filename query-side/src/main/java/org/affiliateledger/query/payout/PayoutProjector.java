package org.affiliateledger.query.payout;

import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.affiliateledger.query.support.ProjectionWriter;
import org.affiliateledger.query.support.SqlTime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The {@code payouts} table. Every handler sets absolute values, so applying an event twice changes nothing. */
@Component
@ProcessingGroup(PayoutProjector.GROUP)
public class PayoutProjector {
    public static final String GROUP = "payouts";
    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public PayoutProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PayoutCreated event) {
        rows.write("""
                        INSERT INTO payouts (id, merchant_id, affiliate_id, batch_id, currency, amount_cents, commission_ids,
                                             status, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, 'created', ?, ?) ON CONFLICT (id) DO NOTHING""",
                event.payoutId(), event.merchantId(), event.affiliateId(), event.batchId(), event.currency(),
                event.amountCents(), event.commissionIds().toArray(String[]::new), SqlTime.of(event.createdAt()),
                SqlTime.of(event.createdAt()));
    }

    @EventHandler
    void on(PayoutSent event, @Timestamp Instant at) {
        rows.write("UPDATE payouts SET status = 'sent', external_reference = ?, sent_at = ?, updated_at = ? WHERE id = ?",
                event.externalReference(), SqlTime.of(at), SqlTime.of(at), event.payoutId());
    }

    @EventHandler
    void on(PayoutPaid event, @Timestamp Instant at) {
        rows.write("UPDATE payouts SET status = 'paid', paid_at = ?, updated_at = ? WHERE id = ?",
                SqlTime.of(at), SqlTime.of(at), event.payoutId());
    }

    @EventHandler
    void on(PayoutFailed event, @Timestamp Instant at) {
        rows.write("UPDATE payouts SET status = 'failed', failure_reason = ?, failed_at = ?, updated_at = ? WHERE id = ?",
                event.reason(), SqlTime.of(at), SqlTime.of(at), event.payoutId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE payouts").update();
    }
}
