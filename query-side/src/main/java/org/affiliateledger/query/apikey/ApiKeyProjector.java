package org.affiliateledger.query.apikey;

import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.ApiKeyLimitsChanged;
import org.affiliateledger.events.apikey.ApiKeyRevoked;
import org.affiliateledger.events.apikey.RateLimits;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The {@code api_keys} lookup table and the key lifecycle entries of its audit log. Runs in a subscribing processor,
 * inside the transaction that issues or revokes the key (see AxonConfig): authentication never lags behind, and a
 * revocation is in force on every node once the request that made it returns. No reset handler: the table is also what
 * authenticates every request, and a subscribing processor is never replayed.
 */
@Component
@ProcessingGroup(ApiKeyProjector.GROUP)
public class ApiKeyProjector {
    public static final String GROUP = "api-keys";
    private final JdbcClient jdbc;

    public ApiKeyProjector(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(ApiKeyIssued event, @org.axonframework.eventhandling.Timestamp Instant at) {
        RateLimits limits = event.rateLimits() == null ? RateLimits.DEFAULTS : event.rateLimits();
        jdbc.sql("""
                        INSERT INTO api_keys (id, merchant_id, name, prefix, secret_hash, scopes, read_per_minute,
                                              write_per_minute, issued_by, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
                .params(event.keyId(), event.merchantId(), event.name(), event.prefix(), event.secretHash(),
                        String.join(" ", event.scopes()), limits.readPerMinute(), limits.writePerMinute(),
                        event.issuedBy(), Timestamp.from(at))
                .update();
        audit(event.merchantId(), event.keyId(), "issued", event.issuedBy(), at);
    }

    @EventHandler
    void on(ApiKeyRevoked event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.sql("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
                .params(Timestamp.from(at), event.keyId())
                .update();
        audit(event.merchantId(), event.keyId(), "revoked", event.revokedBy(), at);
    }

    @EventHandler
    void on(ApiKeyLimitsChanged event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.sql("UPDATE api_keys SET read_per_minute = ?, write_per_minute = ? WHERE id = ?")
                .params(event.rateLimits().readPerMinute(), event.rateLimits().writePerMinute(), event.keyId())
                .update();
        audit(event.merchantId(), event.keyId(), "limits_changed", event.changedBy(), at);
    }

    private void audit(String merchantId, String keyId, String action, String actor, Instant at) {
        jdbc.sql("INSERT INTO api_key_audit (merchant_id, key_id, at, action, actor) VALUES (?, ?, ?, ?, ?)")
                .params(merchantId, keyId, Timestamp.from(at), action, actor)
                .update();
    }
}
