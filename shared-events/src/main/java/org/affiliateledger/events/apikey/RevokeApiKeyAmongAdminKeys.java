package org.affiliateledger.events.apikey;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

/**
 * {@link RevokeApiKey} with what the revocation coordinator counted (and locked) for the last-admin-key rule: the
 * merchant's active admin keys other than this one (0 when not counted: the key is no active admin key of that
 * merchant, so the rule does not concern it). The coordinator sends it; clients send {@link RevokeApiKey}.
 */
public record RevokeApiKeyAmongAdminKeys(@TargetAggregateIdentifier String keyId, String merchantId, String revokedBy,
                                         int otherActiveAdminKeys) {
}
