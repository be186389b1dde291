package org.affiliateledger.command.support;

import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.RateLimits;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.payout.PayoutCreated;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each aggregate is loaded from its own history by its own repository. */
class LockFreeRepositoriesTest {
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final LockFreeRepositories repositories = new LockFreeRepositories();

    @AfterEach
    void close() {
        store.shutDown();
    }

    private String loaded(EventSourcingRepository<?> repository, String type, String id, Object created) throws Exception {
        store.publish(new GenericDomainEventMessage<>(type, id, 0, created));
        return DefaultUnitOfWork.startAndGet(null)
                .executeWithResult(() -> repository.load(id).rootType().getSimpleName()).getPayload();
    }

    @Test
    void eachRepositoryLoadsItsOwnAggregate() throws Exception {
        assertThat(List.of(
                loaded(repositories.merchantRepository(store), "Merchant", "mer_1", new MerchantCreated("mer_1", "Shop", "10", "USD")),
                loaded(repositories.apiKeyRepository(store), "ApiKey", "key_1", new ApiKeyIssued("key_1", "mer_1", "default", "alk_1",
                        "hash", List.of("*"), RateLimits.DEFAULTS, "operator")),
                loaded(repositories.affiliateRepository(store), "Affiliate", "aff_1", new AffiliateRegistered("aff_1", "mer_1", "Ann",
                        "ann@example.com", "ann", null, AT)),
                loaded(repositories.conversionRepository(store), "Conversion", "cnv_1", new ConversionRecorded("cnv_1", "mer_1",
                        "aff_1", ConversionSource.MANUAL, null, 4_900, "USD", "com_1", "10", 490, null, AT)),
                loaded(repositories.commissionRepository(store), "Commission", "com_1", new CommissionCreated("com_1", "mer_1",
                        "cnv_1", "aff_1", 0, 4_900, "10", 490, "USD", CommissionKind.COMMISSION, null, AT)),
                loaded(repositories.payoutRepository(store), "Payout", "pay_1", new PayoutCreated("pay_1", "mer_1", "aff_1", null,
                        "USD", 490, List.of("com_1"), AT)),
                loaded(repositories.stripeCustomerRepository(store), "StripeCustomer", "mer_1/cus_1",
                        new org.affiliateledger.events.stripe.StripeCustomerAttributed("mer_1", "cus_1", "aff_1", "checkout", null,
                                null, null, AT, null)),
                loaded(repositories.stripeCheckoutRepository(store), "StripeCheckout", "mer_1/pi_1",
                        new org.affiliateledger.events.stripe.StripeCheckoutAttributed("mer_1", "pi_1", "cs_1", "aff_1", null, null))))
                .containsExactly("Merchant", "ApiKey", "Affiliate", "Conversion", "Commission", "Payout", "StripeCustomer",
                        "StripeCheckout");
    }
}
