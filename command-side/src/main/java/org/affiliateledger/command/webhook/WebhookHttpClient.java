package org.affiliateledger.command.webhook;

import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/** The HTTP client of the deliveries: no redirects, no retries, no cookies, connect 5 s, 15 s in all, every address checked by the guard. */
public final class WebhookHttpClient {
    private WebhookHttpClient() {
    }

    public static CloseableHttpClient create(TargetGuard guard, int threads) {
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
}
