package org.affiliateledger.infra.settings;

import org.affiliateledger.command.support.CommandSettings;
import org.affiliateledger.infra.LedgerProperties;
import org.affiliateledger.infra.security.RateLimitProperties;
import org.springframework.boot.web.server.ConfigurableWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Binds and validates every setting while the web server is being created, before it or the database starts: a bad
 * value stops the start at once, with {@link SettingsFailureAnalyzer}'s message, rather than after the embedded
 * PostgreSQL came up or in the middle of a request.
 */
@Configuration(proxyBeanMethods = false)
class SettingsCheck {

    @Bean
    WebServerFactoryCustomizer<ConfigurableWebServerFactory> settingsAreValidatedFirst(LedgerProperties ledger, CommandSettings command,
                                                                                      RateLimitProperties rateLimits) {
        return factory -> {
        };
    }
}
