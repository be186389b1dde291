package org.affiliateledger.command.support;

import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.command.apikey.ApiKey;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.command.conversion.Conversion;
import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.command.payout.Payout;
import org.affiliateledger.command.stripe.StripeCustomer;
import org.axonframework.common.lock.NullLockFactory;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Event-sourced repositories without Axon's in-JVM pessimistic locks. Recording a conversion reads the merchant and
 * the affiliate; with locks every conversion of a merchant would queue behind one lock. Concurrent writers to one
 * aggregate are still caught: the event store's unique (aggregate, sequence) key refuses the second append.
 */
@Configuration(proxyBeanMethods = false)
public class LockFreeRepositories {

    @Bean
    public EventSourcingRepository<Merchant> merchantRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(Merchant.class).eventStore(eventStore).lockFactory(NullLockFactory.INSTANCE).build();
    }

    @Bean
    public EventSourcingRepository<ApiKey> apiKeyRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(ApiKey.class).eventStore(eventStore).lockFactory(NullLockFactory.INSTANCE).build();
    }

    @Bean
    public EventSourcingRepository<Affiliate> affiliateRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(Affiliate.class).eventStore(eventStore).lockFactory(NullLockFactory.INSTANCE).build();
    }

    @Bean
    public EventSourcingRepository<Conversion> conversionRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(Conversion.class).eventStore(eventStore).lockFactory(NullLockFactory.INSTANCE).build();
    }

    @Bean
    public EventSourcingRepository<Commission> commissionRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(Commission.class).eventStore(eventStore).lockFactory(NullLockFactory.INSTANCE).build();
    }

    @Bean
    public EventSourcingRepository<Payout> payoutRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(Payout.class).eventStore(eventStore).lockFactory(NullLockFactory.INSTANCE).build();
    }

    @Bean
    public EventSourcingRepository<StripeCustomer> stripeCustomerRepository(EventStore eventStore) {
        return EventSourcingRepository.builder(StripeCustomer.class).eventStore(eventStore).lockFactory(NullLockFactory.INSTANCE).build();
    }
}
