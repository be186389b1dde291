package org.affiliateledger.command.apikey;

import org.affiliateledger.events.apikey.RevokeApiKey;
import org.affiliateledger.events.apikey.RevokeApiKeyAmongAdminKeys;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Aggregate;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * Coordinates a revocation: loads the key and, for an active admin key, counts the merchant's other active admin keys,
 * then hands both to the key ({@link RevokeApiKeyAmongAdminKeys}), which decides. Those keys are counted from the
 * {@code api_keys} table (written in the issuing and revoking transactions) with their rows locked in id order, so two
 * admin keys revoked at the same moment cannot both go: the second waits for the first and then counts it as revoked.
 * The command goes to the loaded key within this unit of work (not through the bus), so the lock and the decision share
 * one transaction.
 */
@Component
public class ApiKeyRevocation {
    /** The merchant's active admin keys other than {@code keyId}, locked until the transaction ends. */
    @FunctionalInterface
    public interface AdminKeys {
        int othersActive(String merchantId, String keyId);
    }

    private final Repository<ApiKey> apiKeys;
    private final AdminKeys adminKeys;

    @Autowired
    public ApiKeyRevocation(Repository<ApiKey> apiKeyRepository, JdbcClient jdbc) {
        this(apiKeyRepository, (merchantId, keyId) -> {
            List<String> active = jdbc.sql("""
                            SELECT id FROM api_keys
                            WHERE merchant_id = ? AND revoked_at IS NULL
                              AND (' ' || scopes || ' ' LIKE '% admin %' OR ' ' || scopes || ' ' LIKE '% * %')
                            ORDER BY id FOR UPDATE""")
                    .param(merchantId)
                    .query(String.class)
                    .list();
            return (int) active.stream().filter(id -> !id.equals(keyId)).count();
        });
    }

    public ApiKeyRevocation(Repository<ApiKey> apiKeyRepository, AdminKeys adminKeys) {
        this.apiKeys = apiKeyRepository;
        this.adminKeys = adminKeys;
    }

    @CommandHandler
    public void handle(RevokeApiKey command) {
        Aggregate<ApiKey> key;
        try {
            key = apiKeys.load(command.keyId());
        } catch (AggregateNotFoundException e) {
            throw new NotFoundException("API key", command.keyId());
        }
        // only an active admin key of the caller's merchant needs the count (and the lock); any other answer is the key's
        boolean counts = key.invoke(k -> k.activeAdminOf(command.merchantId()));
        int others = counts ? adminKeys.othersActive(command.merchantId(), command.keyId()) : 0;
        RevokeApiKeyAmongAdminKeys decided = new RevokeApiKeyAmongAdminKeys(command.keyId(), command.merchantId(),
                command.revokedBy(), others);
        key.execute(k -> k.handle(decided));
    }
}
