package org.affiliateledger.query.affiliate;

import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliateEmailChanged;
import org.affiliateledger.events.affiliate.AffiliateRenamed;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateResumed;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.affiliate.CommissionOverrideChanged;
import org.affiliateledger.events.affiliate.TaxFormSubmitted;
import org.affiliateledger.query.support.ProjectionWriter;
import org.affiliateledger.query.support.SqlTime;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.ResetHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.time.Instant;

/** The {@code affiliates} table. Every handler is idempotent, so a batch replayed after a crash changes nothing. */
@Component
@ProcessingGroup(AffiliateProjector.GROUP)
public class AffiliateProjector {
    public static final String GROUP = "affiliates";
    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public AffiliateProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AffiliateRegistered event) {
        rows.write("""
                        INSERT INTO affiliates (id, merchant_id, name, email, short_code, status, commission_override, created_at,
                                                updated_at, parent_id, lineage_depth)
                        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""",
                event.affiliateId(), event.merchantId(), event.name(), event.email(), event.shortCode(),
                event.commissionOverride(), SqlTime.of(event.registeredAt()), SqlTime.of(event.registeredAt()),
                event.parentId(), event.lineageDepth());
    }

    @EventHandler
    void on(AffiliateApproved event, @Timestamp Instant at) {
        rows.write("UPDATE affiliates SET status = 'active', activated_at = COALESCE(activated_at, ?), updated_at = ? WHERE id = ?",
                SqlTime.of(at), SqlTime.of(at), event.affiliateId());
    }

    @EventHandler
    void on(AffiliatePaused event, @Timestamp Instant at) {
        status(event.affiliateId(), AffiliateStatus.PAUSED, at);
    }

    @EventHandler
    void on(AffiliateResumed event, @Timestamp Instant at) {
        status(event.affiliateId(), AffiliateStatus.ACTIVE, at);
    }

    @EventHandler
    void on(AffiliateSuspended event, @Timestamp Instant at) {
        status(event.affiliateId(), AffiliateStatus.SUSPENDED, at);
    }

    @EventHandler
    void on(AffiliateReinstated event, @Timestamp Instant at) {
        status(event.affiliateId(), AffiliateStatus.ACTIVE, at);
    }

    @EventHandler
    void on(AffiliateBanned event, @Timestamp Instant at) {
        status(event.affiliateId(), AffiliateStatus.BANNED, at);
    }

    @EventHandler
    void on(CommissionOverrideChanged event, @Timestamp Instant at) {
        rows.write("UPDATE affiliates SET commission_override = ?, updated_at = ? WHERE id = ?",
                event.commissionOverride(), SqlTime.of(at), event.affiliateId());
    }

    @EventHandler
    void on(AffiliateRenamed event, @Timestamp Instant at) {
        rows.write("UPDATE affiliates SET name = ?, updated_at = ? WHERE id = ?", event.name(), SqlTime.of(at), event.affiliateId());
    }

    @EventHandler
    void on(AffiliateEmailChanged event, @Timestamp Instant at) {
        rows.write("UPDATE affiliates SET email = ?, updated_at = ? WHERE id = ?", event.email(), SqlTime.of(at), event.affiliateId());
    }

    @EventHandler
    void on(AffiliateTierPromoted event, @Timestamp Instant at) {
        rows.write("UPDATE affiliates SET performance_tier = ?, updated_at = ? WHERE id = ?",
                event.tierName(), SqlTime.of(at), event.affiliateId());
    }

    @EventHandler
    void on(TaxFormSubmitted event, @Timestamp Instant at) {
        rows.write("UPDATE affiliates SET tax_form_type = ?, tax_form_received_on = ?, updated_at = ? WHERE id = ?",
                event.formType(), event.receivedOn(), SqlTime.of(at), event.affiliateId());
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE affiliates").update(); // instant and leaves no dead rows, unlike DELETE
    }

    private void status(String affiliateId, AffiliateStatus status, Instant at) {
        rows.write("UPDATE affiliates SET status = ?, updated_at = ? WHERE id = ?",
                status.wireName(), SqlTime.of(at), affiliateId);
    }
}
