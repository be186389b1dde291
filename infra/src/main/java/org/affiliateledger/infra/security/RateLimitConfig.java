package org.affiliateledger.infra.security;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
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
    public PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitProxyManager(DataSource dataSource) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }
}
