package org.affiliateledger.infra.axon;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.affiliateledger.command.link.AffiliateLinks;
import org.affiliateledger.infra.LedgerProperties;
import org.affiliateledger.command.payout.PayoutLedger;
import org.affiliateledger.command.webhook.WebhookDeliverySaga;
import org.affiliateledger.query.affiliate.AffiliateProjector;
import org.affiliateledger.query.apikey.ApiKeyProjector;
import org.affiliateledger.query.commission.CommissionProjector;
import org.affiliateledger.query.conversion.ConversionProjector;
import org.affiliateledger.query.finance.BalanceProjector;
import org.affiliateledger.query.history.HistoryProjector;
import org.affiliateledger.query.payout.PayoutProjector;
import org.affiliateledger.query.program.ProgramProjector;
import org.axonframework.common.jdbc.ConnectionProvider;
import org.axonframework.common.jdbc.PersistenceExceptionResolver;
import org.axonframework.common.transaction.TransactionManager;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.PropagatingErrorHandler;
import org.axonframework.eventhandling.TrackingEventProcessorConfiguration;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.modelling.saga.repository.SagaStore;
import org.axonframework.serialization.Serializer;
import org.axonframework.spring.messaging.unitofwork.SpringTransactionManager;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

/**
 * Axon wiring: Jackson 2 for the stored messages, the JDBC event store, the streaming processors (tracking by default,
 * pooled on request) that feed the read models, the sagas and the webhook outbox, and the subscribing processors that
 * must commit with the write that publishes their events.
 */
@Configuration(proxyBeanMethods = false)
public class AxonConfig {
    /** The processor that runs every read-model projection when they share one (the default). */
    public static final String SHARED_PROCESSOR = "projections";
    static final List<String> READ_MODEL_GROUPS =
            List.of(ConversionProjector.GROUP, CommissionProjector.GROUP, AffiliateProjector.GROUP, ProgramProjector.GROUP,
                    PayoutProjector.GROUP);

    /** Axon 4's JacksonSerializer is Jackson 2; Spring MVC uses its own Jackson 3 mapper, untouched by this one. */
    @Bean
    public ObjectMapper axonObjectMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                // registered after JavaTimeModule, so it reads instants first (the later module's deserializer wins)
                .registerModule(new SimpleModule("utc-instants").addDeserializer(Instant.class, new UtcInstantDeserializer()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                // stored events outlive the code: a field added later must not break reading old ones, nor the reverse
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    /**
     * Axon's Spring Boot auto-configuration orders its transaction setup after Boot 3's
     * DataSourceTransactionManagerAutoConfiguration, a class Boot 4 moved; it then finds no transaction manager yet
     * and silently uses none, so every statement autocommits on its own: a command's events apart from its uniqueness
     * claim, a projection's rows apart from its token, one fsync each. Axon must use Spring's transactions (AxonTransactionsTest).
     */
    @Bean
    public TransactionManager axonTransactionManager(PlatformTransactionManager transactions) {
        return new SpringTransactionManager(transactions);
    }

    /**
     * @param shared one processor reads the event stream once for all read models (each keeps its own sequencing
     *               and reset handler); separate processors read it once each, which a rebuild pays for in full,
     *               in exchange for rebuilding and failing one read model at a time
     * @param type   {@code pooled} (pooled streaming processors) or {@code tracking} (tracking processors: one thread and
     *               one event stream per segment, woken directly by this node's commits)
     */
    @Bean
    public ConfigurerModule ledgerEventProcessing(LedgerProperties properties, TransactionManager transactions, JdbcClient jdbc) {
        int batchSize = properties.processors().batchSize();
        int segments = properties.processors().segments();
        boolean shared = properties.processors().shared();
        String type = properties.processors().type();
        return configurer -> configurer.eventProcessing(processing -> {
            switch (type.strip().toLowerCase(java.util.Locale.ROOT)) {
                case "pooled" -> processing.usingPooledStreamingEventProcessors((config, builder) -> builder
                        .batchSize(batchSize)
                        .initialSegmentCount(segments));
                // Every tracking segment reads the whole stream itself, so only the read models, whose throughput a
                // rebuild and the lag depend on, get several; sagas and the webhook outbox keep up on one (profiled: a
                // second segment each cost the write path more CPU than it gained them)
                case "tracking" -> processing.usingTrackingEventProcessors()
                        .registerTrackingEventProcessorConfiguration(config -> TrackingEventProcessorConfiguration
                                .forSingleThreadedProcessing()
                                .andBatchSize(batchSize))
                        .registerTrackingEventProcessorConfiguration(shared ? SHARED_PROCESSOR : ConversionProjector.GROUP,
                                config -> TrackingEventProcessorConfiguration
                                        .forParallelProcessing(segments)
                                        .andInitialSegmentsCount(segments)
                                        .andBatchSize(batchSize));
                default -> throw new IllegalStateException("LEDGER_PROCESSOR_TYPE must be pooled or tracking, not " + type);
            }
            processing
                    // a projection that fails retries the batch instead of skipping the event
                    .registerDefaultListenerInvocationErrorHandler(config -> PropagatingErrorHandler.instance())
                    // API keys must work the moment the request that issued them returns: same transaction
                    .registerSubscribingEventProcessor(ApiKeyProjector.GROUP)
                    // a click must see an affiliate's link (and status) as soon as the request that changed it returns
                    .registerSubscribingEventProcessor(AffiliateLinks.GROUP)
                    // a payout must see the reservations of the payout that committed just before it: same transaction
                    .registerSubscribingEventProcessor(PayoutLedger.GROUP)
                    // a webhook attempt's event and the delivery saga's decision on it commit together
                    .registerSubscribingEventProcessor(WebhookDeliverySaga.GROUP);
            if (shared) {
                READ_MODEL_GROUPS.forEach(group -> processing.assignProcessingGroup(group, SHARED_PROCESSOR));
            }
            // derived tables only: their commits need not wait for the disk (AsynchronousCommits says why that is safe)
            TransactionManager asynchronous = new AsynchronousCommits(transactions, jdbc);
            Stream.concat(shared ? Stream.of(SHARED_PROCESSOR) : READ_MODEL_GROUPS.stream(),
                            Stream.of(BalanceProjector.GROUP, HistoryProjector.GROUP))
                    .forEach(processor -> processing.registerTransactionManager(processor, config -> asynchronous));
        });
    }

    /** Axon's JDBC saga store, inserting a new saga with its association values in one statement ({@link LedgerSagaStore}). */
    @Bean
    public SagaStore<Object> sagaStore(ConnectionProvider connectionProvider, Serializer serializer) {
        return new LedgerSagaStore(connectionProvider, serializer);
    }

    /**
     * Axon's JDBC event store as Spring Boot would configure it, but reading {@code batchSize} events per query when
     * a processor streams (Axon's default, 100, makes a rebuild one query per 100 events per processor), and parsing
     * each event's timestamp once ({@link LedgerEventStorageEngine}).
     */
    @Bean
    @ConditionalOnProperty(name = "axon.axonserver.enabled", havingValue = "false", matchIfMissing = true)
    public EventStorageEngine eventStorageEngine(Serializer defaultSerializer,
                                                 PersistenceExceptionResolver persistenceExceptionResolver,
                                                 @Qualifier("eventSerializer") Serializer eventSerializer,
                                                 org.axonframework.config.Configuration configuration,
                                                 ConnectionProvider connectionProvider,
                                                 TransactionManager transactionManager,
                                                 LedgerProperties properties) {
        int batchSize = properties.eventStore().batchSize();
        return new LedgerEventStorageEngine(JdbcEventStorageEngine.builder()
                .snapshotSerializer(defaultSerializer)
                .upcasterChain(configuration.upcasterChain())
                .persistenceExceptionResolver(persistenceExceptionResolver)
                .eventSerializer(eventSerializer)
                .snapshotFilter(configuration.snapshotFilter())
                .connectionProvider(connectionProvider), batchSize, new EventSchema(), byte[].class, transactionManager);
    }
}
