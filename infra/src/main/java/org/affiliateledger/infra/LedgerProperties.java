package org.affiliateledger.infra;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.nio.file.Path;

/**
 * Operator configuration; see the README's configuration table for the environment variables behind each field.
 *
 * @param dataDir    where the embedded PostgreSQL keeps its data (and, later, generated secrets)
 * @param adminToken the bearer token for {@code /admin/v1}; generated per start when blank
 */
@ConfigurationProperties("ledger")
public record LedgerProperties(Db db, Path dataDir, String adminToken) {

    /** @param url blank means: start the embedded PostgreSQL under {@code dataDir} */
    public record Db(String url, String user, String password, int poolSize) {
    }

    public boolean embeddedDatabase() {
        return db.url() == null || db.url().isBlank();
    }
}
