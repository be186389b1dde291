package org.affiliateledger.command.payout;

import java.math.BigDecimal;
import java.util.Currency;

/** Amounts in refusal messages as people read them: {@code -4.90 USD}. */
final class Money {
    private Money() {
    }

    static String describe(long cents, String currency) {
        int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        return BigDecimal.valueOf(cents, digits).toPlainString() + " " + currency;
    }
}
