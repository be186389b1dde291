package org.affiliateledger.command.apikey;

import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.ApiKeyRevoked;
import org.affiliateledger.events.apikey.IssueApiKey;
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

    protected ApiKey() {
    }

    @CommandHandler
    public ApiKey(IssueApiKey command) {
        apply(new ApiKeyIssued(command.keyId(), command.merchantId(), command.name(), command.prefix(),
                command.secretHash(), command.scopes()));
    }

    @CommandHandler
    void handle(RevokeApiKey command) {
        if (!merchantId.equals(command.merchantId())) {
            throw new NotFoundException("API key", command.keyId());
        }
        if (revoked) {
            throw new StateConflictException("API key " + keyId + " is already revoked");
        }
        apply(new ApiKeyRevoked(keyId, merchantId));
    }

    @EventSourcingHandler
    void on(ApiKeyIssued event) {
        keyId = event.keyId();
        merchantId = event.merchantId();
    }

    @EventSourcingHandler
    void on(ApiKeyRevoked event) {
        revoked = true;
    }
}
