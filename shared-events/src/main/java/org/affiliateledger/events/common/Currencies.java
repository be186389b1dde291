package org.affiliateledger.events.common;

import java.util.Currency;
import java.util.Locale;

/** ISO-4217 currency codes, upper case. Amounts are always integer minor units of one currency. */
public final class Currencies {
    public static final String DEFAULT = "USD";

    private Currencies() {
    }

    public static String normalise(String code) {
        if (code == null || code.isBlank()) {
            return DEFAULT;
        }
        String upper = code.trim().toUpperCase(Locale.ROOT);
        try {
            Currency.getInstance(upper);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("currency \"" + code + "\" is not an ISO-4217 code such as USD or EUR").withCode("invalid_currency");
        }
        return upper;
    }
}
