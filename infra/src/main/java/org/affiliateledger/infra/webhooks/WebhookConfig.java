package org.affiliateledger.infra.webhooks;

import org.affiliateledger.infra.LedgerProperties;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Clock;

/**
 * Outbound webhooks: the SSRF guard, the HTTP client (no redirects, no retries, no cookies, connect 5 s, 15 s in all),
 * and the delivery workers. The {@code webhookClock} decides when attempts are due; tests replace it to run the whole
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
        return webhookHttpClient(guard, properties.webhooks().threads());
    }

    CloseableHttpClient webhookHttpClient(TargetGuard guard, int threads) {
        var connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(guard.dnsResolver())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.ofSeconds(5))
                        .setSocketTimeout(Timeout.ofSeconds(15))
                        // receivers close idle keep-alive connections (Node after 5 s): check one idle for over a
                        // second before reusing it, or the attempt fails with "no response" and waits for its retry
                        .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                        .build())
                .setMaxConnTotal(threads * 2)
                .setMaxConnPerRoute(threads)
                .build();
        return HttpClients.custom()
                .setConnectionManager(connections)
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableContentCompression()
                .evictIdleConnections(TimeValue.ofSeconds(30))
                .setDefaultRequestConfig(RequestConfig.custom()
                        .setConnectionRequestTimeout(Timeout.ofSeconds(5))
                        .setResponseTimeout(Timeout.ofSeconds(15))
                        .setRedirectsEnabled(false)
                        .build())
                .build();
    }

    @Bean
    public WebhookDispatcher webhookDispatcher(JdbcClient jdbc, PlatformTransactionManager transactions, Clock webhookClock,
                                               CloseableHttpClient webhookHttpClient, WebhookSecrets secrets,
                                               LedgerProperties properties) {
        LedgerProperties.Webhooks settings = properties.webhooks();
        return new WebhookDispatcher(jdbc, transactions, webhookClock, webhookHttpClient, secrets, settings.threads(),
                settings.perEndpoint(), settings.pollInterval());
    }
}
