package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.springframework.stereotype.Component;

import java.util.Locale;

/**
 * An affiliate named by id or by short code, as Stripe metadata and affiliate links name it: a short code
 * (case-insensitive) resolves to its affiliate within the merchant. Short codes never change, so the answer never does.
 */
@Component
public class AffiliateReferences {
    private final UniqueClaims claims;

    public AffiliateReferences(UniqueClaims claims) {
        this.claims = claims;
    }

    /**
     * An affiliate id is returned as given (the affiliate itself refuses another merchant's id as not found); a short
     * code of one of the merchant's affiliates is replaced by its id; anything else is a 404.
     */
    public String resolve(String merchantId, String idOrShortCode) {
        if (idOrShortCode == null) {
            return null;
        }
        String reference = idOrShortCode.strip();
        if (Ids.AFFILIATE.matches(reference)) {
            return reference;
        }
        if (reference.isEmpty() || reference.length() > 64) {
            throw new NotFoundException("affiliate", idOrShortCode);
        }
        return claims.ownerOf(merchantId, "affiliate.short_code", reference.toLowerCase(Locale.ROOT))
                .orElseThrow(() -> new NotFoundException("no affiliate of this program has the id or short code \""
                        + idOrShortCode + "\""));
    }
}
