package org.affiliateledger.infra.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.affiliateledger.infra.LedgerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import javax.sql.DataSource;
import java.io.IOException;

/**
 * One PostgreSQL for the event store, the tokens, the sagas and the read models: embedded under the data directory
 * by default, or the server {@code LEDGER_DB_URL} names. The DataSource depends on the server bean, so Spring
 * closes the pool before it stops the embedded database.
 */
@Configuration(proxyBeanMethods = false)
public class DatabaseConfig {

    @Bean(destroyMethod = "close")
    public DatabaseServer databaseServer(LedgerProperties properties) throws IOException {
        if (properties.embeddedDatabase()) {
            EmbeddedPostgres embedded = EmbeddedPostgres.start(properties.dataDir().toAbsolutePath(), properties.embeddedPgUser());
            return new DatabaseServer(embedded.jdbcUrl("ledger"), embedded.user(), "", embedded);
        }
        return new DatabaseServer(properties.db().url(), properties.db().user(), properties.db().password(), null);
    }

    @Bean(destroyMethod = "close")
    public DataSource dataSource(DatabaseServer server, LedgerProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("ledger");
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(properties.db().poolSize());
        config.setMinimumIdle(Math.min(4, properties.db().poolSize()));
        boundWaits(config, properties);
        // JDBC batches (projection writes, an aggregate's new events) go as multi-row INSERTs: one statement, one round trip
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }

    /**
     * A database outage is refused quickly (503) rather than hanging requests: a connection is waited for at most
     * {@code LEDGER_DB_CONNECT_TIMEOUT}, a new TCP connection and its login likewise, a pooled one checked within half of it.
     */
    public static void boundWaits(HikariConfig config, LedgerProperties properties) {
        long connectMillis = properties.db().connectTimeout().toMillis();
        config.setConnectionTimeout(connectMillis);
        config.setValidationTimeout(Math.max(250, connectMillis / 2));
        int connectSeconds = (int) Math.max(1, (connectMillis + 999) / 1000);
        config.addDataSourceProperty("connectTimeout", Integer.toString(connectSeconds));
        config.addDataSourceProperty("loginTimeout", Integer.toString(connectSeconds));
        config.addDataSourceProperty("tcpKeepAlive", "true");
    }

    /** Where the ledger's database is; owns the embedded server when there is one. */
    public record DatabaseServer(String jdbcUrl, String user, String password, EmbeddedPostgres embedded) implements AutoCloseable {
        @Override
        public void close() {
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
