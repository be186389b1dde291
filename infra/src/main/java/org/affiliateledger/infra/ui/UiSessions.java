package org.affiliateledger.infra.ui;

import org.affiliateledger.command.apikey.ApiKeySecrets;
import org.affiliateledger.infra.LedgerProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * Dashboard sessions, kept server-side in {@code ui_sessions} (Spring Data JPA, {@link UiSessionRows}): signing in with an API key opens one (the key is checked,
 * then forgotten: only its id is kept), the browser holds a random id whose hash is the row's key. A session ends when
 * unused for the idle timeout, at its absolute expiry, at sign-out, or when its key is revoked.
 */
@Component
public class UiSessions {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final JdbcClient jdbc;
    private final UiSessionRows rows;
    private final Duration idle;
    private final Duration absolute;
    private final Clock clock;

    public UiSessions(JdbcClient jdbc, UiSessionRows rows, LedgerProperties properties) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.idle = properties.ui().idleTimeout();
        this.absolute = properties.ui().absoluteTimeout();
        this.clock = Clock.systemUTC();
    }

    /** A new session and the id to put in the cookie. */
    public record Opened(String id, UiSession session) {
    }

    /** Signs in with an API key: empty when the key is malformed, unknown or revoked. */
    public Optional<Opened> open(String apiKey) {
        if (apiKey == null || !ApiKeySecrets.wellFormed(apiKey.strip())) {
            return Optional.empty();
        }
        record Key(String id, String merchantId, String scopes) {
        }
        // by the key's hash, like ApiKeyFilter: the authentication lookup stays plain JDBC
        Optional<Key> key = jdbc.sql("SELECT id, merchant_id, scopes FROM api_keys WHERE secret_hash = ? AND revoked_at IS NULL")
                .param(ApiKeySecrets.hash(apiKey.strip()))
                .query((rs, n) -> new Key(rs.getString("id"), rs.getString("merchant_id"), rs.getString("scopes")))
                .optional();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        String id = randomToken();
        String csrf = randomToken();
        Instant expires = now.plus(absolute);
        rows.save(new UiSessionRow(hash(id), key.get().merchantId(), key.get().id(), csrf, now, expires));
        // sessions past their expiry are removed as new ones open: the table never grows without bound
        rows.deleteExpired(now, now.minus(idle));
        return Optional.of(new Opened(id, new UiSession(hash(id), key.get().merchantId(), key.get().id(),
                Set.of(key.get().scopes().split(" ")), csrf, expires)));
    }

    /** The live session behind a cookie's id, its idle clock restarted; empty when unknown, expired or its key revoked. */
    public Optional<UiSession> find(String id) {
        if (id == null || id.isBlank() || id.length() > 100) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        Optional<UiSession> session = rows.findLive(hash(id), now, now.minus(idle))
                .map(live -> new UiSession(live.getIdHash(), live.getMerchantId(), live.getKeyId(),
                        Set.of(live.getScopes().split(" ")), live.getCsrfToken(), live.getExpiresAt()));
        session.ifPresent(live -> rows.touch(live.idHash(), now));
        return session;
    }

    public void close(UiSession session) {
        rows.close(session.idHash());
    }

    public Duration absoluteTimeout() {
        return absolute;
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String id) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static boolean sameToken(String expected, String given) {
        return given != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }
}
