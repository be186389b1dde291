package org.affiliateledger.infra.db;

import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;

/**
 * Spring Data JPA's entities and repositories live in the feature packages of every module (the API keys read model in
 * query-side, dashboard sessions here), not only under the application's own package. Axon's JPA entities are not
 * registered: its events, tokens and sagas use its JDBC storage (application.properties excludes its JPA auto-configuration).
 */
@Configuration(proxyBeanMethods = false)
@EntityScan("org.affiliateledger")
@EnableJpaRepositories("org.affiliateledger")
public class JpaConfig {
}
