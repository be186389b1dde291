package org.affiliateledger.infra.ops;

import io.micrometer.core.instrument.MeterRegistry;
import org.affiliateledger.command.stripe.StripeEventLog;
import org.affiliateledger.command.webhook.WebhookDispatcher;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;

/**
 * Metrics wiring: Axon's own meters (command bus, event processors: processing time, latency, capacity, counters),
 * the subscribing processor that counts events into ledger meters, and the observers at the edges. Axon's
 * auto-configuration of its meters is switched off (application.properties): it orders itself after Boot 3's metrics
 * classes, which Boot 4 moved, and would then register a second, unexported registry.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfig {

    @Bean
    public GlobalMetricRegistry axonMetricRegistry(MeterRegistry registry) {
        return new GlobalMetricRegistry(registry);
    }

    /** Dimensional: one meter name per kind, the processor or bus as a tag (axon_processor_name etc.). */
    @Bean
    public MetricsConfigurerModule axonMetrics(GlobalMetricRegistry axonMetricRegistry) {
        return new MetricsConfigurerModule(axonMetricRegistry, true);
    }

    @Bean
    public ConfigurerModule ledgerMetricsProcessing() {
        return configurer -> configurer.eventProcessing(processing ->
                processing.registerSubscribingEventProcessor(LedgerEventMeters.GROUP));
    }

    /** Stripe events by type and outcome, counted where the outcome is recorded. */
    @Bean
    @Primary
    public StripeEventLog meteredStripeEventLog(JdbcClient jdbc, LedgerMeters meters) {
        return new StripeEventLog(jdbc) {
            @Override
            public void handled(String merchantId, String eventId, String type, Instant stripeCreated, String outcome) {
                super.handled(merchantId, eventId, type, stripeCreated, outcome);
                meters.stripeEvent(type, outcome);
            }
        };
    }

    @Bean
    public Object webhookDeliveryMeters(ObjectProvider<WebhookDispatcher> dispatcher, LedgerMeters meters) {
        dispatcher.ifAvailable(d -> d.observe(meters::webhookAttempt));
        return new Object();
    }
}
