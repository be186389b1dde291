package org.affiliateledger.query.conversion;

import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.query.support.ProjectionWriter;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.ResetHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The {@code conversion_refunds} table: one row per refund of a conversion, with its cumulative refunded amount and
 * both times. The {@code conversions} row keeps only the latest amount, so the overview's past view reads here what had
 * been refunded by its instant (the largest cumulative amount recorded by then). Runs in the conversions' processing
 * group (no event stream of its own), sequenced per conversion like them; idempotent by the event's id.
 */
@Component
@ProcessingGroup(ConversionProjector.GROUP)
public class RefundLogProjector {
    private static final String INSERT = """
            INSERT INTO conversion_refunds (event_id, merchant_id, conversion_id, refunded_cents, effective_at, recorded_at)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING""";

    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public RefundLogProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ConversionRefunded e, EventMessage<?> message) {
        Instant recorded = message.getTimestamp();
        rows.write(INSERT, message.getIdentifier(), e.merchantId(), e.conversionId(), e.refundedCents(),
                Timestamp.from(AuditMetadata.effectiveAt(message.getMetaData(), recorded)), Timestamp.from(recorded));
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE conversion_refunds").update();
    }
}
