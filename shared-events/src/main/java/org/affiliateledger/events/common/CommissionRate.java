package org.affiliateledger.events.common;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * A commission rate in percent, kept as the decimal string the merchant gave ("10", "12.5").
 * Commission = amount × rate / 100, rounded half-even to the cent.
 */
public record CommissionRate(String percent) {

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);

    public CommissionRate {
        percent = normalise(percent);
    }

    public static CommissionRate of(String percent) {
        return new CommissionRate(percent);
    }

    public long commissionOn(long amountCents) {
        return BigDecimal.valueOf(amountCents)
                .multiply(new BigDecimal(percent))
                .divide(HUNDRED, 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }

    /** Accepts 0–100 with at most four decimals; returns the canonical form (no trailing zeros, no exponent). */
    private static String normalise(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidRequestException("rate must be a percent string such as \"10\" or \"12.5\"").withCode("invalid_rate");
        }
        BigDecimal value;
        try {
            value = new BigDecimal(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("rate \"" + raw + "\" is not a number; give a percent string such as \"10\" or \"12.5\"").withCode("invalid_rate");
        }
        if (value.signum() < 0 || value.compareTo(HUNDRED) > 0) {
            throw new InvalidRequestException("rate " + raw + " is outside 0–100 percent").withCode("invalid_rate");
        }
        if (value.stripTrailingZeros().scale() > 4) {
            throw new InvalidRequestException("rate " + raw + " has more than four decimals").withCode("invalid_rate");
        }
        return value.stripTrailingZeros().toPlainString();
    }
}
