package org.affiliateledger.command.link;

import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateResumed;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.merchant.AttributionSettingsChanged;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What a click needs, in two small command-side tables kept in the transaction of the command that changes them (a
 * subscribing processor, see AxonConfig): {@code affiliate_link} (short code → affiliate, active or not) and
 * {@code link_program} (landing URL and attribution window per merchant). A click then costs one indexed read and
 * one insert, never an aggregate load.
 */
@Component
@ProcessingGroup(AffiliateLinks.GROUP)
public class AffiliateLinks {
    public static final String GROUP = "affiliate-links";
    /** Short codes are at most 64 characters; anything longer cannot name a link (and is not looked up). */
    public static final int MAX_SHORT_CODE = 64;
    public static final int DEFAULT_WINDOW_DAYS = 30;

    private final JdbcClient jdbc;

    public AffiliateLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A merchant's program as a click sees it; {@code affiliateId} is null when the code names no active affiliate. */
    public record Target(String merchantId, String landingUrl, int windowDays, String affiliateId, String shortCode) {
        public boolean attributed() {
            return affiliateId != null;
        }
    }

    /** The program of {@code merchantId} and, when {@code shortCode} names one of its active affiliates, that affiliate. */
    public Optional<Target> resolve(String merchantId, String shortCode) {
        String code = normalise(shortCode);
        return jdbc.sql("""
                        SELECT p.landing_url, p.window_days, l.affiliate_id
                        FROM link_program p
                        LEFT JOIN affiliate_link l ON l.merchant_id = p.merchant_id AND l.short_code = ? AND l.active
                        WHERE p.merchant_id = ?""")
                .params(code == null ? "" : code, merchantId)
                .query((rs, n) -> new Target(merchantId, rs.getString("landing_url"), rs.getInt("window_days"),
                        rs.getString("affiliate_id"), code))
                .optional();
    }

    /** The merchants whose affiliates use {@code shortCode} (active or not): at most two are returned. */
    public List<String> merchantsUsing(String shortCode) {
        String code = normalise(shortCode);
        if (code == null) {
            return List.of();
        }
        return jdbc.sql("SELECT merchant_id FROM affiliate_link WHERE short_code = ? LIMIT 2")
                .params(code)
                .query(String.class)
                .list();
    }

    static String normalise(String shortCode) {
        if (shortCode == null || shortCode.isEmpty() || shortCode.length() > MAX_SHORT_CODE) {
            return null;
        }
        return shortCode.toLowerCase(Locale.ROOT);
    }

    @EventHandler
    void on(AffiliateRegistered event) {
        jdbc.sql("""
                        INSERT INTO affiliate_link (merchant_id, short_code, affiliate_id, active)
                        VALUES (?, ?, ?, false) ON CONFLICT (merchant_id, short_code) DO NOTHING""")
                .params(event.merchantId(), event.shortCode().toLowerCase(Locale.ROOT), event.affiliateId())
                .update();
    }

    @EventHandler
    void on(AffiliateApproved event) {
        active(event.affiliateId(), true);
    }

    @EventHandler
    void on(AffiliateResumed event) {
        active(event.affiliateId(), true);
    }

    @EventHandler
    void on(AffiliateReinstated event) {
        active(event.affiliateId(), true);
    }

    @EventHandler
    void on(AffiliatePaused event) {
        active(event.affiliateId(), false);
    }

    @EventHandler
    void on(AffiliateSuspended event) {
        active(event.affiliateId(), false);
    }

    @EventHandler
    void on(AffiliateBanned event) {
        active(event.affiliateId(), false);
    }

    @EventHandler
    void on(AttributionSettingsChanged event) {
        jdbc.sql("""
                        INSERT INTO link_program (merchant_id, landing_url, window_days) VALUES (?, ?, ?)
                        ON CONFLICT (merchant_id) DO UPDATE SET landing_url = EXCLUDED.landing_url, window_days = EXCLUDED.window_days""")
                .params(event.merchantId(), event.landingUrl(), event.attributionWindowDays())
                .update();
    }

    private void active(String affiliateId, boolean active) {
        jdbc.sql("UPDATE affiliate_link SET active = ? WHERE affiliate_id = ?").params(active, affiliateId).update();
    }
}
