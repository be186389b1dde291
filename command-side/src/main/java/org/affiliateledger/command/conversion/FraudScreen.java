package org.affiliateledger.command.conversion;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.merchant.FraudRules;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The program's fraud rules, evaluated on each new conversion in its unit of work. What the rules count lives in the
 * command side's append-only {@code conversion_signal} table (one row per conversion, written here, marked refunded by
 * {@link #refunded}): no extra event per conversion, and no shared counter row for concurrent conversions to queue on.
 * A rule that fires returns a {@link Flag}; the caller records it ({@code FraudFlagged}) and holds the commissions.
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

    public record Flag(String rule, String detail) {
    }

    /** What the rules look at; {@code sessionId} and {@code customerEmail} may be null. */
    public record Screened(String merchantId, String affiliateId, String conversionId, String sessionId,
                           String customerEmail, Instant recordedAt) {
    }

    public List<Flag> screen(Screened conversion, FraudRules rules) {
        List<Flag> flags = new ArrayList<>();
        if (rules.selfReferral() != null && rules.selfReferral().enabled() && conversion.customerEmail() != null
                && claims.ownerOf(conversion.merchantId(), "affiliate.email",
                        conversion.customerEmail().strip().toLowerCase(Locale.ROOT))
                .filter(conversion.affiliateId()::equals).isPresent()) {
            flags.add(new Flag(SELF_REFERRAL, "the customer's email is the affiliate's own"));
        }
        if (rules.refundRate() != null && rules.refundRate().enabled()) {
            refundRate(conversion, rules.refundRate()).ifPresent(flags::add);
        }
        // recorded before counting, so the velocity count includes this conversion
        jdbc.sql("""
                        INSERT INTO conversion_signal (merchant_id, conversion_id, affiliate_id, session_id, recorded_at, refunded)
                        VALUES (?, ?, ?, ?, ?, false) ON CONFLICT (conversion_id) DO NOTHING""")
                .params(conversion.merchantId(), conversion.conversionId(), conversion.affiliateId(), conversion.sessionId(),
                        Timestamp.from(conversion.recordedAt()))
                .update();
        if (rules.velocity() != null && rules.velocity().enabled() && conversion.sessionId() != null) {
            velocity(conversion, rules.velocity()).ifPresent(flags::add);
        }
        return flags;
    }

    /** The first refund of a conversion counts it as refunded (partial or full). */
    public void refunded(String conversionId) {
        jdbc.sql("UPDATE conversion_signal SET refunded = true WHERE conversion_id = ? AND NOT refunded")
                .params(conversionId)
                .update();
    }

    private java.util.Optional<Flag> velocity(Screened conversion, FraudRules.Velocity rule) {
        Instant since = conversion.recordedAt().minus(Duration.ofMinutes(rule.windowMinutes()));
        long count = jdbc.sql("""
                        SELECT count(*) FROM conversion_signal
                        WHERE merchant_id = ? AND session_id = ? AND recorded_at > ?""")
                .params(conversion.merchantId(), conversion.sessionId(), Timestamp.from(since))
                .query(Long.class)
                .single();
        return velocityRule(count, conversion.sessionId(), rule);
    }

    /** The velocity rule: more than {@code maxConversions} conversions from one click session within the window. */
    static java.util.Optional<Flag> velocityRule(long conversionsInWindow, String sessionId, FraudRules.Velocity rule) {
        if (conversionsInWindow <= rule.maxConversions()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Flag(VELOCITY, conversionsInWindow + " conversions from session " + sessionId
                + " within " + rule.windowMinutes() + " minutes (at most " + rule.maxConversions() + " allowed)"));
    }

    /** On the affiliate's earlier conversions: this one cannot have been refunded yet. */
    private java.util.Optional<Flag> refundRate(Screened conversion, FraudRules.RefundRate rule) {
        record Counts(long conversions, long refunded) {
        }
        Counts counts = jdbc.sql("""
                        SELECT count(*) AS conversions, count(*) FILTER (WHERE refunded) AS refunded
                        FROM conversion_signal WHERE merchant_id = ? AND affiliate_id = ?""")
                .params(conversion.merchantId(), conversion.affiliateId())
                .query((rs, n) -> new Counts(rs.getLong("conversions"), rs.getLong("refunded")))
                .single();
        return refundRateRule(counts.conversions(), counts.refunded(), rule);
    }

    /**
     * The refund-rate rule: once the affiliate has {@code minConversions} conversions, a refunded share above
     * {@code maxPercent} (not at it) flags the new one.
     */
    static java.util.Optional<Flag> refundRateRule(long conversions, long refunded, FraudRules.RefundRate rule) {
        if (conversions == 0 || conversions < rule.minConversions()) {
            return java.util.Optional.empty();
        }
        BigDecimal max = new BigDecimal(rule.maxPercent());
        if (BigDecimal.valueOf(refunded * 100).compareTo(max.multiply(BigDecimal.valueOf(conversions))) <= 0) {
            return java.util.Optional.empty();
        }
        BigDecimal percent = BigDecimal.valueOf(refunded * 100).divide(BigDecimal.valueOf(conversions),
                2, java.math.RoundingMode.HALF_EVEN);
        return java.util.Optional.of(new Flag(REFUND_RATE, refunded + " of the affiliate's " + conversions
                + " conversions were refunded (" + percent.stripTrailingZeros().toPlainString() + "% > " + rule.maxPercent() + "%)"));
    }
}
