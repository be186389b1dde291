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
 * The {@code affiliates} table. Every change is idempotent, so a batch replayed after a crash changes nothing.
 * {@link #ROWS} is the table as a function of events, shared with the as-of reads.
 */
@Component
@ProcessingGroup(AffiliateProjector.GROUP)
public class AffiliateProjector {
    public static final String GROUP = "affiliates";
    static final String TABLE = "affiliates";

    public static final RowProjection ROWS = RowProjection.builder()
            .on(AffiliateRegistered.class, (e, at) -> RowChange.insert(TABLE, "id", e.affiliateId())
                    .set("merchant_id", e.merchantId()).set("name", e.name()).set("email", e.email())
                    .set("short_code", e.shortCode()).set("status", AffiliateStatus.PENDING.wireName())
                    .set("commission_override", e.commissionOverride()).set("created_at", e.registeredAt())
                    .set("updated_at", e.registeredAt()).set("parent_id", e.parentId()).set("lineage_depth", e.lineageDepth()))
            .on(AffiliateApproved.class, (e, at) -> RowChange.update(TABLE, "id", e.affiliateId())
                    .set("status", AffiliateStatus.ACTIVE.wireName()).keepFirst("activated_at", at.recorded())
                    .set("updated_at", at.recorded()))
            .on(AffiliatePaused.class, (e, at) -> status(e.affiliateId(), AffiliateStatus.PAUSED, at.recorded()))
            .on(AffiliateResumed.class, (e, at) -> status(e.affiliateId(), AffiliateStatus.ACTIVE, at.recorded()))
            .on(AffiliateSuspended.class, (e, at) -> status(e.affiliateId(), AffiliateStatus.SUSPENDED, at.recorded()))
            .on(AffiliateReinstated.class, (e, at) -> status(e.affiliateId(), AffiliateStatus.ACTIVE, at.recorded()))
            .on(AffiliateBanned.class, (e, at) -> status(e.affiliateId(), AffiliateStatus.BANNED, at.recorded()))
            .on(CommissionOverrideChanged.class, (e, at) -> RowChange.update(TABLE, "id", e.affiliateId())
                    .set("commission_override", e.commissionOverride()).set("updated_at", at.recorded()))
            .on(AffiliateRenamed.class, (e, at) -> RowChange.update(TABLE, "id", e.affiliateId())
                    .set("name", e.name()).set("updated_at", at.recorded()))
            .on(AffiliateEmailChanged.class, (e, at) -> RowChange.update(TABLE, "id", e.affiliateId())
                    .set("email", e.email()).set("updated_at", at.recorded()))
            .on(AffiliateTierPromoted.class, (e, at) -> RowChange.update(TABLE, "id", e.affiliateId())
                    .set("performance_tier", e.tierName()).set("updated_at", at.recorded()))
            .on(TaxFormSubmitted.class, (e, at) -> RowChange.update(TABLE, "id", e.affiliateId())
                    .set("tax_form_type", e.formType()).set("tax_form_received_on", e.receivedOn())
                    .set("updated_at", at.recorded()))
            .build();

    private final ProjectionWriter rows;
    private final JdbcClient jdbc;

    public AffiliateProjector(ProjectionWriter rows, JdbcClient jdbc) {
        this.rows = rows;
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(Object event, EventMessage<?> message) {
        ROWS.change(message).ifPresent(rows::write);
    }

    @ResetHandler
    void reset() {
        jdbc.sql("TRUNCATE affiliates").update(); // instant and leaves no dead rows, unlike DELETE
    }

    private static RowChange status(String affiliateId, AffiliateStatus status, Instant at) {
        return RowChange.update(TABLE, "id", affiliateId).set("status", status.wireName()).set("updated_at", at);
    }
}
