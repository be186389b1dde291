package org.affiliateledger.command.apikey;

import org.affiliateledger.events.apikey.RevokeApiKey;
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
 * Revokes a key; the {@link ApiKey} decides, knowing how many other admin keys its merchant has. Those are counted from
 * the {@code api_keys} table (kept in the issuing and revoking transactions) with their rows locked in id order, so two
 * admin keys revoked at the same moment cannot both go: the second waits for the first and then counts it as revoked.
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
        boolean countAdmins = key.invoke(k -> k.admin() && k.merchantId().equals(command.merchantId()));
        int others = countAdmins ? adminKeys.othersActive(command.merchantId(), command.keyId()) : 1;
        key.execute(k -> k.revoke(command, others));
    }
}
