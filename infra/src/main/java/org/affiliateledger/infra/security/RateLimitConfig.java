package org.affiliateledger.infra.security;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.affiliateledger.infra.LedgerProperties;
import org.affiliateledger.infra.db.DatabaseConfig;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

import javax.sql.DataSource;
import java.time.Duration;

/**
 * Rate-limit buckets live in PostgreSQL (table {@code rate_limit_buckets}, V10), so every node sharing the database
 * draws from the same buckets. Scheduling is enabled for the expired-bucket cleanup in {@link RateLimitBuckets}.
 */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
public class RateLimitConfig {

    /**
     * SELECT ... FOR UPDATE on the bucket's row serialises the nodes (3 round trips per request); the advisory-lock
     * variant adds a pg_advisory_xact_lock statement and maps keys to 64-bit lock ids. A row expires a minute after
     * its bucket is full again (a full bucket behaves exactly like a missing one).
     */
    @Bean
    public PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitProxyManager(RateLimitPool pool) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(pool.dataSource())
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }

    /**
     * The buckets' own small pool whose sessions commit without waiting for the WAL flush ({@code synchronous_commit=off}):
     * every request of one key takes the same row lock, and with a synchronous commit that lock is held through an
     * fsync, so a busy key's requests queued one fsync apart. A crash can forget the last few hundred milliseconds of
     * token counts (a key may get a few extra requests right after a crash); it can never corrupt anything, and no
     * ledger data goes through this pool.
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
