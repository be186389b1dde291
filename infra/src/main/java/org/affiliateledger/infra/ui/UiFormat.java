package org.affiliateledger.infra.ui;

import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.util.Currency;
import java.util.Locale;

/**
 * Formatting for templates ({@code ${@uiFormat.money(cents, 'USD')}}): money in its currency's own minor units, and
 * instants as UTC text that the page's script turns into the viewer's time zone (the UTC instant stays in the title).
 */
@Component("uiFormat")
public class UiFormat {

    public String money(Long minorUnits, String currencyCode) {
        if (minorUnits == null) {
            return "";
        }
        if (currencyCode == null || currencyCode.isBlank()) {
            return minorUnits.toString();
        }
        Currency currency;
        try {
            currency = Currency.getInstance(currencyCode);
        } catch (IllegalArgumentException e) {
            return minorUnits + " " + currencyCode;
        }
        int digits = Math.max(currency.getDefaultFractionDigits(), 0);
        NumberFormat format = NumberFormat.getCurrencyInstance(Locale.US);
        format.setCurrency(currency);
        format.setMinimumFractionDigits(digits);
        format.setMaximumFractionDigits(digits);
        return format.format(BigDecimal.valueOf(minorUnits, digits));
    }

    /** An ISO-8601 instant as the {@code datetime} of a {@code <time>} element. */
    public String iso(Object instant) {
        if (instant == null) {
            return "";
        }
        return instant instanceof Instant i ? i.toString() : instant.toString();
    }

    /** The server's rendering before the script localises it: {@code 2026-03-31 23:59 UTC}. */
    public String utc(Object instant) {
        if (instant == null) {
            return "";
        }
        String text = iso(instant);
        return text.length() >= 16 ? text.substring(0, 10) + " " + text.substring(11, 16) + " UTC" : text;
    }

    /**
     * A dotted or underscored name (an event type) cut after each dot and underscore, for a template to join with
     * {@code <wbr>}: a narrow column then wraps there, not in the middle of a word.
     */
    public java.util.List<String> breakable(String name) {
        if (name == null) {
            return java.util.List.of();
        }
        return java.util.List.of(name.split("(?<=[._])"));
    }
}
