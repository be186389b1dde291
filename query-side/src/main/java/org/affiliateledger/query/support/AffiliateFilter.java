package org.affiliateledger.query.support;

import org.affiliateledger.events.common.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.Locale;

/**
 * An {@code affiliate_id} filter names an affiliate by id or by short code (case-insensitive), as request bodies and
 * Stripe metadata do. A short code no affiliate of the merchant has matches nothing (an empty list, like an unknown id).
 */
public final class AffiliateFilter {
    private AffiliateFilter() {
    }

    /** The affiliate id to filter on; runs inside {@link TenantReads#as}, so only the merchant's affiliates are found. */
    public static String resolve(JdbcClient jdbc, String merchantId, String idOrShortCode) {
        if (idOrShortCode == null) {
            return null;
        }
        String value = idOrShortCode.strip();
        if (Ids.AFFILIATE.matches(value) || value.isEmpty() || value.length() > 64) {
            return value;
        }
        return jdbc.sql("SELECT id FROM affiliates WHERE merchant_id = ? AND short_code = ?")
                .params(merchantId, value.toLowerCase(Locale.ROOT))
                .query(String.class)
                .optional()
                .orElse(value);
    }
}
