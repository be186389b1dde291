package org.affiliateledger.infra.ui;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Optional;

/** Dashboard sessions. Every method is one statement in its own transaction, as the sign-in and each page need. */
interface UiSessionRows extends JpaRepository<UiSessionRow, String> {

    /** A live session with its key's scopes; none when unknown, expired, idle too long or its key is revoked. */
    interface Live {
        String getIdHash();

        String getMerchantId();

        String getKeyId();

        String getCsrfToken();

        Instant getExpiresAt();

        String getScopes();
    }

    // the key's row is the API keys read model (query side): joined in SQL, so a page costs one round trip for both
    @Query(nativeQuery = true, value = """
            SELECT s.id_hash AS idHash, s.merchant_id AS merchantId, s.key_id AS keyId, s.csrf_token AS csrfToken,
                   s.expires_at AS expiresAt, k.scopes AS scopes
            FROM ui_sessions s JOIN api_keys k ON k.id = s.key_id AND k.revoked_at IS NULL
            WHERE s.id_hash = :idHash AND s.expires_at > :now AND s.last_seen_at > :idleSince""")
    Optional<Live> findLive(@Param("idHash") String idHash, @Param("now") Instant now, @Param("idleSince") Instant idleSince);

    @Modifying
    @Transactional
    @Query("UPDATE UiSessionRow s SET s.lastSeenAt = :now WHERE s.idHash = :idHash")
    void touch(@Param("idHash") String idHash, @Param("now") Instant now);

    @Modifying
    @Transactional
    @Query("DELETE FROM UiSessionRow s WHERE s.expiresAt < :now OR s.lastSeenAt < :idleSince")
    void deleteExpired(@Param("now") Instant now, @Param("idleSince") Instant idleSince);

    @Modifying
    @Transactional
    @Query("DELETE FROM UiSessionRow s WHERE s.idHash = :idHash")
    void close(@Param("idHash") String idHash);
}
