package org.affiliateledger.events.conversion;

import java.util.Locale;

/** Where a conversion came from; together with the external id it is the conversion's unique key per merchant. */
public enum ConversionSource {
    MANUAL, STRIPE, EVENT;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * affilut's {@code stripeChargeId}, in every form it takes: for {@code stripe} the Stripe id the sale is keyed by
     * (its charge {@code ch_…}, or the invoice {@code in_…} of a renewal whose payload names no charge); otherwise
     * {@code <source>:<external_id>} ({@code manual:inv_2026_00142}, {@code event:sub_1}), or just the source when the
     * conversion was recorded without an external id.
     */
    public static String chargeReference(String source, String externalId) {
        if ("stripe".equals(source)) {
            return externalId;
        }
        return externalId == null ? source : source + ":" + externalId;
    }
}
