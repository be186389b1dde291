package org.affiliateledger.command.apikey;

import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.ApiKeyLimitsChanged;
import org.affiliateledger.events.apikey.ApiKeyRevoked;
import org.affiliateledger.events.apikey.ChangeApiKeyLimits;
import org.affiliateledger.events.apikey.IssueApiKey;
import org.affiliateledger.events.apikey.RateLimits;
import org.affiliateledger.events.apikey.RevokeApiKeyAmongAdminKeys;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import java.util.List;
import java.util.Set;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An API key: only its hash is kept; revocation is final. Its rules: only known scopes; a key is another merchant's
 * as if it did not exist; a revoked key changes no more; the merchant's last admin key stays.
 */
@Aggregate(repository = "apiKeyRepository")
public class ApiKey {
    /** {@code admin} and {@code *} grant everything. */
    public static final Set<String> SCOPES = Set.of("read", "write", "admin", "*");

    @AggregateIdentifier
    private String keyId;
    private String merchantId;
    private boolean revoked;
    private RateLimits rateLimits;
    private boolean admin;

    protected ApiKey() {
    }

    @CommandHandler
    public ApiKey(IssueApiKey command) {
        onlyKnownScopes(command.scopes());
        apply(new ApiKeyIssued(command.keyId(), command.merchantId(), command.name(), command.prefix(),
                command.secretHash(), command.scopes(), command.rateLimits(), command.issuedBy()));
    }

    /** Sent by {@link ApiKeyRevocation}, which counts (and locks) the merchant's other active admin keys. */
    @CommandHandler
    void handle(RevokeApiKeyAmongAdminKeys command) {
        belongsTo(command.merchantId());
        revokedKeysAreFinal("revoke");
        theLastAdminKeyOfAMerchantStays(command.otherActiveAdminKeys());
        apply(new ApiKeyRevoked(keyId, merchantId, command.revokedBy()));
    }

    @CommandHandler
    void handle(ChangeApiKeyLimits command) {
        belongsTo(command.merchantId());
        revokedKeysAreFinal("change the limits of");
        RateLimits next = command.applyTo(rateLimits);
        if (!next.equals(rateLimits)) {
            apply(new ApiKeyLimitsChanged(keyId, merchantId, next, command.changedBy()));
        }
    }

    /** Whether the last-admin-key rule can concern this key: an active admin key of that merchant. */
    boolean activeAdminOf(String callerMerchantId) {
        return admin && !revoked && merchantId.equals(callerMerchantId);
    }

    private static void onlyKnownScopes(List<String> scopes) {
        scopes.stream().filter(scope -> !SCOPES.contains(scope)).findFirst().ifPresent(scope -> {
            throw new InvalidRequestException("unknown scope \"" + scope + "\"; use read, write, admin or *");
        });
    }

    /** Without an admin key nobody could issue keys or change the program again: the last one cannot be revoked. */
    private void theLastAdminKeyOfAMerchantStays(int otherActiveAdminKeys) {
        if (admin && otherActiveAdminKeys == 0) {
            throw new StateConflictException("cannot revoke API key " + keyId + ": it is the merchant's last active admin "
                    + "key, and without one nobody could manage keys or program settings again. Issue another key with "
                    + "the admin scope first (POST /api/v1/api-keys), then revoke this one").withCode("last_admin_key");
        }
    }

    private void belongsTo(String callerMerchantId) {
        if (!merchantId.equals(callerMerchantId)) {
            throw new NotFoundException("API key", keyId);
        }
    }

    private void revokedKeysAreFinal(String action) {
        if (revoked) {
            throw new StateConflictException("cannot " + action + " API key " + keyId + ": it is revoked").withCode("api_key_revoked");
        }
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        keyId = event.keyId();
        merchantId = event.merchantId();
        rateLimits = event.rateLimits() == null ? RateLimits.DEFAULTS : event.rateLimits();
        admin = event.scopes().contains("admin") || event.scopes().contains("*");
    }

    @EventSourcingHandler
    void on(ApiKeyLimitsChanged event) {
        rateLimits = event.rateLimits();
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        revoked = true;
    }
}
