package org.affiliateledger.query.affiliate;

import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateResumed;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.CommissionOverrideChanged;
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
    private final JdbcClient jdbc;

    public AffiliateProjector(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(AffiliateRegistered event) {
        jdbc.sql("""
                        INSERT INTO affiliates (id, merchant_id, name, email, short_code, status, commission_override, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, 'pending', ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
                .params(event.affiliateId(), event.merchantId(), event.name(), event.email(), event.shortCode(),
                        event.commissionOverride(), SqlTime.of(event.registeredAt()), SqlTime.of(event.registeredAt()))
                .update();
    }

    @EventHandler
    void on(AffiliateApproved event, @Timestamp Instant at) {
        jdbc.sql("UPDATE affiliates SET status = 'active', activated_at = COALESCE(activated_at, ?), updated_at = ? WHERE id = ?")
                .params(SqlTime.of(at), SqlTime.of(at), event.affiliateId())
                .update();
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
        jdbc.sql("UPDATE affiliates SET commission_override = ?, updated_at = ? WHERE id = ?")
                .params(event.commissionOverride(), SqlTime.of(at), event.affiliateId())
                .update();
    }

    @ResetHandler
    void reset() {
        jdbc.sql("DELETE FROM affiliates").update();
    }

    private void status(String affiliateId, AffiliateStatus status, Instant at) {
        jdbc.sql("UPDATE affiliates SET status = ?, updated_at = ? WHERE id = ?")
                .params(status.wireName(), SqlTime.of(at), affiliateId)
                .update();
    }
}
