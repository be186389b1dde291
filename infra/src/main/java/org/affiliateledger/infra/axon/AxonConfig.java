package org.affiliateledger.infra.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.affiliateledger.infra.security.ApiKeyProjector;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/** Axon wiring: Jackson 2 for the stored messages, pooled streaming processors, and the one subscribing projection. */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {

    /** Axon 4's JacksonSerializer is Jackson 2; Spring MVC uses its own Jackson 3 mapper, untouched by this one. */
    @Bean
    public ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // stored events outlive the code: a field added later must not break reading old ones, nor the reverse
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Axon's Spring Boot auto-configuration orders its transaction setup after Boot 3's
     * DataSourceTransactionManagerAutoConfiguration, a class Boot 4 moved; it then finds no transaction manager yet
     * and silently uses none, so every statement autocommits on its own: a command's events apart from its uniqueness
     * claim, a projection's rows apart from its token. Axon must use Spring's transactions (AxonTransactionsTest).
     */
    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    @Bean
    public ConfigurerModule ledgerEventProcessing(@Value("${ledger.processors.batch-size:200}") int batchSize,
                                                  @Value("${ledger.processors.segments:4}") int segments) {
        return configurer -> configurer.eventProcessing(processing -> processing
                .usingPooledStreamingEventProcessors((config, builder) -> builder
                        .batchSize(batchSize)
                        .initialSegmentCount(segments))
                // a projection that fails retries the batch instead of skipping the event
                .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance())
                // API keys must work the moment the request that issued them returns: same transaction
                .registerSubscribingEventProcessor(ApiKeyProjector.GROUP));
    }
}
