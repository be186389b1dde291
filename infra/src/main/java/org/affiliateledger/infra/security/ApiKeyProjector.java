package org.affiliateledger.infra.security;

import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.ApiKeyRevoked;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;

/**
 * The {@code api_keys} lookup table. Runs in a subscribing processor, inside the transaction that issues or revokes
 * the key (see AxonConfig), so authentication never lags behind.
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
        jdbc.sql("""
                        INSERT INTO api_keys (id, merchant_id, name, prefix, secret_hash, scopes, created_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING""")
                .params(event.keyId(), event.merchantId(), event.name(), event.prefix(), event.secretHash(),
                        String.join(" ", event.scopes()), Timestamp.from(at))
                .update();
    }

    @EventHandler
    void on(ApiKeyRevoked event, @org.axonframework.eventhandling.Timestamp Instant at) {
        jdbc.sql("UPDATE api_keys SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?")
                .params(Timestamp.from(at), event.keyId())
                .update();
    }
}
