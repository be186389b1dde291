package org.affiliateledger.infra.security;

import org.affiliateledger.command.apikey.ApiKeySecrets;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Direct access to a key's row, for what the API cannot set yet (per-key limits) or tests should not wait for. */
final class ApiKeyRows {
    private final JdbcClient jdbc;

    ApiKeyRows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Per-key overrides in requests per minute; null means the configured default. */
    void limit(String key, Integer readPerMinute, Integer writePerMinute) {
        jdbc.sql("UPDATE api_keys SET read_per_minute = ?, write_per_minute = ? WHERE secret_hash = ?")
                .params(readPerMinute, writePerMinute, ApiKeySecrets.hash(key))
                .update();
    }

    void scopes(String key, String scopes) {
        jdbc.sql("UPDATE api_keys SET scopes = ? WHERE secret_hash = ?").params(scopes, ApiKeySecrets.hash(key)).update();
    }

    String merchantOf(String key) {
        return jdbc.sql("SELECT merchant_id FROM api_keys WHERE secret_hash = ?").param(ApiKeySecrets.hash(key))
                .query(String.class).single();
    }

    /** Events of one type committed to the event store (synchronously, unlike the read models) mentioning {@code id}. */
    long eventsMentioning(String eventType, String id) {
        return jdbc.sql("""
                        SELECT count(*) FROM domainevententry
                        WHERE payloadtype = ? AND convert_from(payload, 'UTF8') LIKE ?""")
                .params(eventType, "%\"" + id + "\"%")
                .query(Long.class).single();
    }
}
