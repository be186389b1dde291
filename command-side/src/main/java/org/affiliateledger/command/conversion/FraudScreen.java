package org.affiliateledger.command.conversion;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.conversion.FraudObservations;
import org.affiliateledger.events.merchant.FraudRules;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Counts what the program's fraud rules look at, for each new conversion in its unit of work; the rules themselves
 * are the {@link Conversion}'s ({@code ScreenConversion}), which keeps the counts in each flag's evidence. The counts
 * come from the command side's append-only {@code conversion_signal} table (one row per conversion, written here,
 * marked refunded by {@link #refunded}): no extra event per conversion, and no shared counter row for concurrent
 * conversions to queue on. A rule that is off is not counted.
 */
@Component
public class FraudScreen {
    public static final String SELF_REFERRAL = "self_referral";
    public static final String VELOCITY = "velocity";
    public static final String REFUND_RATE = "refund_rate";

    private final JdbcClient jdbc;
    private final UniqueClaims claims;

    public FraudScreen(JdbcClient jdbc, UniqueClaims claims) {
        this.jdbc = jdbc;
        this.claims = claims;
    }

    /** What the rules look at; {@code sessionId} and {@code customerEmail} may be null. */
    public record Screened(String merchantId, String affiliateId, String conversionId, String sessionId,
                           String customerEmail, Instant recordedAt) {
    }

    public FraudObservations observe(Screened conversion, FraudRules rules) {
        String emailOwner = null;
        if (rules.selfReferral() != null && rules.selfReferral().enabled() && conversion.customerEmail() != null) {
            emailOwner = claims.ownerOf(conversion.merchantId(), "affiliate.email",
                    conversion.customerEmail().strip().toLowerCase(Locale.ROOT)).orElse(null);
        }
        Long conversions = null;
        Long refunded = null;
        if (rules.refundRate() != null && rules.refundRate().enabled()) {
            // on the affiliate's earlier conversions: this one cannot have been refunded yet
            long[] counts = jdbc.sql("""
                            SELECT count(*) AS conversions, count(*) FILTER (WHERE refunded) AS refunded
                            FROM conversion_signal WHERE merchant_id = ? AND affiliate_id = ?""")
                    .params(conversion.merchantId(), conversion.affiliateId())
                    .query((rs, n) -> new long[]{rs.getLong("conversions"), rs.getLong("refunded")})
                    .single();
            conversions = counts[0];
            refunded = counts[1];
        }
        // recorded before counting, so the velocity count includes this conversion
        jdbc.sql("""
                        INSERT INTO conversion_signal (merchant_id, conversion_id, affiliate_id, session_id, recorded_at, refunded)
                        VALUES (?, ?, ?, ?, ?, false) ON CONFLICT (conversion_id) DO NOTHING""")
                .params(conversion.merchantId(), conversion.conversionId(), conversion.affiliateId(), conversion.sessionId(),
                        Timestamp.from(conversion.recordedAt()))
                .update();
        Long inWindow = null;
        if (rules.velocity() != null && rules.velocity().enabled() && conversion.sessionId() != null) {
            Instant since = conversion.recordedAt().minus(Duration.ofMinutes(rules.velocity().windowMinutes()));
            inWindow = jdbc.sql("""
                            SELECT count(*) FROM conversion_signal
                            WHERE merchant_id = ? AND session_id = ? AND recorded_at > ?""")
                    .params(conversion.merchantId(), conversion.sessionId(), Timestamp.from(since))
                    .query(Long.class)
                    .single();
        }
        return new FraudObservations(emailOwner, inWindow, conversions, refunded);
    }

    /** The first refund of a conversion counts it as refunded (partial or full). */
    public void refunded(String conversionId) {
        jdbc.sql("UPDATE conversion_signal SET refunded = true WHERE conversion_id = ? AND NOT refunded")
                .params(conversionId)
                .update();
    }
}
