package org.affiliateledger.command.support;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * Set-based rules (unique email, short code, external id per merchant) held by the database on the command side.
 * The claim is written in the same transaction as the events, so two concurrent commands cannot both win, and a
 * command that fails later releases its claim by rolling back.
 */
@Component
public class UniqueClaims {
    private final JdbcClient jdbc;

    public UniqueClaims(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims {@code value} of {@code kind} for {@code ownerId}; when another owner holds it, returns that owner. */
    public Optional<String> claim(String merchantId, String kind, String value, String ownerId) {
        int inserted = jdbc.sql("""
                        INSERT INTO unique_claim (merchant_id, kind, value, owner_id) VALUES (?, ?, ?, ?)
                        ON CONFLICT (merchant_id, kind, value) DO NOTHING""")
                .params(merchantId, kind, value, ownerId)
                .update();
        if (inserted == 1) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT owner_id FROM unique_claim WHERE merchant_id = ? AND kind = ? AND value = ?")
                .params(merchantId, kind, value)
                .query(String.class)
                .optional();
    }

    /** Gives up {@code value} of {@code kind} if {@code ownerId} holds it (an affiliate's previous email, say). */
    public void release(String merchantId, String kind, String value, String ownerId) {
        jdbc.sql("DELETE FROM unique_claim WHERE merchant_id = ? AND kind = ? AND value = ? AND owner_id = ?")
                .params(merchantId, kind, value, ownerId)
                .update();
    }

    /** The owner of {@code value} of {@code kind}, if claimed. */
    public Optional<String> ownerOf(String merchantId, String kind, String value) {
        return jdbc.sql("SELECT owner_id FROM unique_claim WHERE merchant_id = ? AND kind = ? AND value = ?")
                .params(merchantId, kind, value)
                .query(String.class)
                .optional();
    }

    /** The owner of the first of {@code values} of {@code kind} that is claimed (they should all share one owner). */
    public Optional<String> ownerOfAny(String merchantId, String kind, java.util.Collection<String> values) {
        for (String value : values) {
            Optional<String> owner = ownerOf(merchantId, kind, value);
            if (owner.isPresent()) {
                return owner;
            }
        }
        return Optional.empty();
    }

    /** True when {@code ownerId} holds some claim of {@code kind} for this merchant. */
    public boolean holdsAny(String merchantId, String kind, String ownerId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM unique_claim WHERE merchant_id = ? AND kind = ? AND owner_id = ?)")
                .params(merchantId, kind, ownerId)
                .query(Boolean.class)
                .single();
    }
}
