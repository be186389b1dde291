package org.affiliateledger.infra.webhooks;

import org.affiliateledger.command.webhook.TargetGuard;
import org.affiliateledger.command.webhook.WebhookDispatcher;
import org.affiliateledger.command.webhook.WebhookHttpClient;
import org.affiliateledger.command.webhook.WebhookSecrets;
import org.affiliateledger.infra.LedgerProperties;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;

/**
 * Wiring of outbound webhooks (the feature lives in the command side's {@code webhook} package): the SSRF guard, the
 * HTTP client ({@link WebhookHttpClient}) and the delivery workers, sized by the ledger's settings. The {@code webhookClock} decides when attempts are due; tests replace it to run the whole
 * retry schedule without waiting.
 */
@Configuration(proxyBeanMethods = false)
public class WebhookConfig {

    @Bean
    public Clock webhookClock() {
        return Clock.systemUTC();
    }

    @Bean
    public TargetGuard webhookTargetGuard(LedgerProperties properties) {
        return new TargetGuard(properties.webhooks().allowPrivateTargets());
    }

    @Bean(destroyMethod = "close")
    public CloseableHttpClient webhookHttpClient(TargetGuard guard, LedgerProperties properties) {
        return WebhookHttpClient.create(guard, properties.webhooks().threads());
    }

    @Bean
    public WebhookDispatcher webhookDispatcher(JdbcClient jdbc, PlatformTransactionManager transactions, Clock webhookClock,
                                               CloseableHttpClient webhookHttpClient, WebhookSecrets secrets,
                                               CommandGateway commands, LedgerProperties properties) {
        LedgerProperties.Webhooks settings = properties.webhooks();
        return new WebhookDispatcher(jdbc, transactions, webhookClock, webhookHttpClient, secrets, commands, settings.threads(),
                settings.perEndpoint(), settings.pollInterval());
    }
}
