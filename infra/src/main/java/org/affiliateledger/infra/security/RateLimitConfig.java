package org.affiliateledger.infra.security;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.affiliateledger.infra.LedgerProperties;
import org.affiliateledger.infra.db.DatabaseConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import javax.sql.DataSource;
import java.time.Clock;

/**
 * Rate-limit windows live in PostgreSQL (table {@code rate_limit_windows}, V143), so every node sharing the database
 * draws from the same windows. Scheduling is enabled for the ended-window cleanup in {@link RateLimitWindows}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class RateLimitConfig {

    @Bean
    public RateLimitClock rateLimitClock() {
        return new RateLimitClock(Clock.systemUTC());
    }

    /**
     * The rate limits' own small pool whose sessions commit without waiting for the WAL flush ({@code synchronous_commit=off}):
     * every request of one key updates the same row, and with a synchronous commit its lock would be held through an
     * fsync, so a busy key's requests would queue one fsync apart. A crash can forget the last few hundred milliseconds
     * of counts (a key may get a few extra requests right after a crash); it can never corrupt anything, and no
     * ledger data is written through this pool (it only reads {@code api_keys}, in the same statement).
     */
    @Bean(destroyMethod = "close")
    public RateLimitPool rateLimitPool(DatabaseConfig.DatabaseServer server, LedgerProperties properties) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("rate-limits");
        config.setJdbcUrl(server.jdbcUrl());
        config.setUsername(server.user());
        config.setPassword(server.password());
        config.setMaximumPoolSize(Math.max(4, properties.db().poolSize() / 2));
        config.setMinimumIdle(1);
        config.setConnectionInitSql("SET synchronous_commit TO off");
        DatabaseConfig.boundWaits(config, properties);
        return new RateLimitPool(new HikariDataSource(config));
    }

    /** Not a {@link DataSource} bean, so the ledger's own pool stays the only one Spring wires. */
    public record RateLimitPool(HikariDataSource dataSource) implements AutoCloseable {
        @Override
        public void close() {
            dataSource.close();
        }
    }
}
