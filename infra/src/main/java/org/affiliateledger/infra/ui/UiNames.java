package org.affiliateledger.infra.ui;

import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.query.affiliate.AffiliateQueries;
import org.affiliateledger.query.apikey.ApiKeyQueries;
import org.affiliateledger.query.finance.Balance;
import org.affiliateledger.query.support.Paging;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Names for ids on a screen, for templates ({@code ${@uiNames.keys(ui.merchantId)}}): a person reads "Ada Lovelace" and
 * "reporting", not {@code aff_01hx…} and {@code api_key:key_01hx…}. Read through the API's own queries; the names are
 * today's (a past view shows today's name of the same id). Kept out of the controllers, whose figures are their own.
 */
@Component("uiNames")
public class UiNames {
    private static final String KEY_ACTOR = AuditMetadata.apiKey("");
    private static final String STRIPE_ACTOR = AuditMetadata.stripe("");
    private final AffiliateQueries affiliates;
    private final ApiKeyQueries keys;

    public UiNames(AffiliateQueries affiliates, ApiKeyQueries keys) {
        this.affiliates = affiliates;
        this.keys = keys;
    }

    /** The names of the merchant's API keys by id (its newest hundred: a merchant has a handful). */
    public Map<String, String> keys(String merchantId) {
        return keys.list(merchantId, Paging.of(null, Paging.MAX_LIMIT, null)).stream()
                .collect(Collectors.toMap(ApiKeyView::id, ApiKeyView::name, (a, b) -> a));
    }

    /** The names of the affiliates these balances belong to, by id. */
    public Map<String, String> affiliatesOf(String merchantId, List<Balance> balances) {
        return affiliates.names(merchantId, balances.stream().map(Balance::affiliateId).toList());
    }

    /**
     * An actor as a short label: an API key's name (else {@code key …} and the id's last six characters), "Stripe" for
     * a Stripe event, the others ({@code admin}, {@code schedule}) as they are. The full actor goes in the title.
     */
    public static String actor(String actor, Map<String, String> keyNames) {
        if (actor == null) {
            return "";
        }
        if (actor.startsWith(KEY_ACTOR)) {
            String id = actor.substring(KEY_ACTOR.length());
            String name = keyNames == null ? null : keyNames.get(id);
            return name != null && !name.isBlank() ? name : "key …" + id.substring(Math.max(0, id.length() - 6));
        }
        if (actor.startsWith(STRIPE_ACTOR)) {
            return "Stripe";
        }
        return actor;
    }

    /** For templates: {@code ${@uiNames.label(e.actor, keyNames)}}. */
    public String label(String actor, Map<String, String> keyNames) {
        return actor(actor, keyNames);
    }
}
