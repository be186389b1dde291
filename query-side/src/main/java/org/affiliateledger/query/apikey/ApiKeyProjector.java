package org.affiliateledger.query.apikey;

import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.ApiKeyLimitsChanged;
import org.affiliateledger.events.apikey.ApiKeyRevoked;
import org.affiliateledger.events.apikey.RateLimits;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.Timestamp;
import org.springframework.stereotype.Component;

import java.time.Instant;

/**
 * The {@code api_keys} lookup table and the key lifecycle entries of its audit log, with Spring Data JPA (a row created,
 * then changed field by field: no hot path). Runs in a subscribing processor, inside the transaction that issues or
 * revokes the key (see AxonConfig): authentication never lags behind, and a revocation is in force on every node once
 * the request that made it returns. Idempotent: a key already there is kept, a second revocation keeps the first time.
 * No reset handler: the table is also what authenticates every request, and a subscribing processor is never replayed.
 */
@Component
@ProcessingGroup(ApiKeyProjector.GROUP)
public class ApiKeyProjector {
    public static final String GROUP = "api-keys";
    private final ApiKeyRows rows;
    private final ApiKeyAuditLog audit;

    ApiKeyProjector(ApiKeyRows rows, ApiKeyAuditLog audit) {
        this.rows = rows;
        this.audit = audit;
    }

    @EventHandler
    void on(ApiKeyIssued event, @Timestamp Instant at) {
        if (rows.existsById(event.keyId())) {
            return;
        }
        RateLimits limits = event.rateLimits() == null ? RateLimits.DEFAULTS : event.rateLimits();
        rows.save(new ApiKeyRow(event.keyId(), event.merchantId(), event.name(), event.prefix(), event.secretHash(),
                event.scopes(), limits.readPerMinute(), limits.writePerMinute(), event.issuedBy(), at));
        audit.save(new ApiKeyAuditRow(event.merchantId(), event.keyId(), at, "issued", event.issuedBy()));
    }

    @EventHandler
    void on(ApiKeyRevoked event, @Timestamp Instant at) {
        rows.findById(event.keyId()).ifPresent(row -> row.revoke(at));
        audit.save(new ApiKeyAuditRow(event.merchantId(), event.keyId(), at, "revoked", event.revokedBy()));
    }

    @EventHandler
    void on(ApiKeyLimitsChanged event, @Timestamp Instant at) {
        rows.findById(event.keyId()).ifPresent(row -> row.limits(event.rateLimits().readPerMinute(), event.rateLimits().writePerMinute()));
        audit.save(new ApiKeyAuditRow(event.merchantId(), event.keyId(), at, "limits_changed", event.changedBy()));
    }
}
