package org.affiliateledger.infra.ops;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.affiliateledger.command.stripe.StripeEventLog;
import org.affiliateledger.command.webhook.WebhookDispatcher;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventProcessor;
import org.axonframework.eventhandling.SubscribingEventProcessor;
import org.axonframework.messaging.Message;
import org.axonframework.micrometer.CapacityMonitor;
import org.axonframework.micrometer.EventProcessorLatencyMonitor;
import org.axonframework.micrometer.GlobalMetricRegistry;
import org.axonframework.micrometer.TagsUtil;
import org.axonframework.micrometer.MetricsConfigurerModule;
import org.axonframework.monitoring.MessageMonitor;
import org.axonframework.monitoring.MultiMessageMonitor;
import org.axonframework.monitoring.NoOpMessageMonitor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Instant;
import java.util.List;

/**
 * Metrics wiring: Axon's own meters (command bus, event processors: processing time, latency, capacity, counters),
 * the subscribing processor that counts events into ledger meters, and the observers at the edges. Axon's
 * auto-configuration of its meters is switched off (application.properties): it orders itself after Boot 3's metrics
 * classes, which Boot 4 moved, and would then register a second, unexported registry.
 */
@Configuration(proxyBeanMethods = false)
public class MetricsConfig {

    /**
     * Axon's meters, but an event processor keeps only its latency and capacity gauges. Axon's default for processors
     * also counts and times every event per payload type, looking its counters and timers up in the registry for each
     * event on every processor (each sees the whole stream, and each segment too): a JFR profile of a projection rebuild
     * found 30 % of the processors' CPU there. The processors' progress is in {@code ledger_projection_lag_*}; the
     * command bus and the event store keep all of Axon's meters.
     * <p>
     * Subscribing processors keep none: they run in the thread that publishes, inside its transaction, so their latency
     * is always zero and their capacity is the request's. Their monitors ran for every event on each of the five of them,
     * reported or ignored, in every write request: a JFR profile of writes at 32 clients found 6 % of the request
     * threads' CPU there.
     */
    @Bean
    public GlobalMetricRegistry axonMetricRegistry(MeterRegistry registry) {
        return new GlobalMetricRegistry(registry) {
            @Override
            public MessageMonitor<? extends Message<?>> registerComponentWithDefaultTags(Class<?> componentType, String componentName) {
                if (!EventProcessor.class.isAssignableFrom(componentType)) {
                    return super.registerComponentWithDefaultTags(componentType, componentName);
                }
                if (SubscribingEventProcessor.class.isAssignableFrom(componentType)) {
                    return NoOpMessageMonitor.INSTANCE;
                }
                Tags processor = Tags.of(TagsUtil.PROCESSOR_NAME_TAG, componentName);
                return new MultiMessageMonitor<>(List.of(
                        EventProcessorLatencyMonitor.builder().meterNamePrefix(EVENT_PROCESSOR).meterRegistry(registry)
                                .tagsBuilder(message -> processor).build(),
                        CapacityMonitor.buildMonitor(EVENT_PROCESSOR, registry, message -> processor)));
            }
        };
    }

    /** Axon's meter name prefix of event processors ({@code eventProcessor_latency}, {@code eventProcessor_capacity}). */
    private static final String EVENT_PROCESSOR = "eventProcessor";

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
