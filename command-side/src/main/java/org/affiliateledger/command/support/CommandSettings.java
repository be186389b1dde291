package org.affiliateledger.command.support;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * The command side's share of the operator configuration ({@code LEDGER_HOLD_UNIT}, {@code LEDGER_LINKS_DEFAULT_MERCHANT},
 * {@code LEDGER_STRIPE_API_BASE}), validated at start like the rest (the infra module's LedgerProperties has the others).
 */
@ConfigurationProperties("ledger")
@Validated
public record CommandSettings(@NotNull @Valid Commissions commissions, @NotNull @Valid Links links, @NotNull @Valid StripeApi stripe) {

    /** @param holdUnit the length of one "hold day" (tests and demos shorten it) */
    public record Commissions(@NotNull @DurationMin(millis = 1) Duration holdUnit) {
    }

    /** @param defaultMerchant the program the short link form {@code /r/{shortCode}} falls back to; blank: none */
    public record Links(@Pattern(regexp = "\\s*|\\s*mer_[0-9a-z]{26}\\s*", message = "must be blank or a merchant id (mer_…)")
                        String defaultMerchant) {
        public String defaultMerchantOrBlank() {
            return defaultMerchant == null ? "" : defaultMerchant.strip();
        }
    }

    /** @param apiBase Stripe's API base URL (tests point it at a local stub) */
    public record StripeApi(@NotNull @Pattern(regexp = "https?://\\S+", message = "must be an http(s) URL") String apiBase) {
    }
}
