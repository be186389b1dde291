package org.affiliateledger.command.apikey;

import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.ApiKeyLimitsChanged;
import org.affiliateledger.events.apikey.ApiKeyRevoked;
import org.affiliateledger.events.apikey.ChangeApiKeyLimits;
import org.affiliateledger.events.apikey.IssueApiKey;
import org.affiliateledger.events.apikey.RateLimits;
import org.affiliateledger.events.apikey.RevokeApiKey;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** An API key: only its hash is kept; revocation is final. */
@Aggregate(repository = "apiKeyRepository")
public class ApiKey {
    @AggregateIdentifier
    private String keyId;
    private String merchantId;
    private boolean revoked;
    private RateLimits rateLimits;

    protected ApiKey() {
    }

    @CommandHandler
    public ApiKey(IssueApiKey command) {
        apply(new ApiKeyIssued(command.keyId(), command.merchantId(), command.name(), command.prefix(),
                command.secretHash(), command.scopes(), command.rateLimits(), command.issuedBy()));
    }

    @CommandHandler
    void handle(RevokeApiKey command) {
        belongsTo(command.merchantId());
        revokedKeysAreFinal("revoke");
        apply(new ApiKeyRevoked(keyId, merchantId, command.revokedBy()));
    }

    @CommandHandler
    void handle(ChangeApiKeyLimits command) {
        belongsTo(command.merchantId());
        revokedKeysAreFinal("change the limits of");
        if (!command.rateLimits().equals(rateLimits)) {
            apply(new ApiKeyLimitsChanged(keyId, merchantId, command.rateLimits(), command.changedBy()));
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
