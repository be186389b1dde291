package org.affiliateledger.command.stripe;

import org.affiliateledger.events.stripe.AttributeStripeCheckout;
import org.affiliateledger.events.stripe.AttributeStripeCustomer;
import org.affiliateledger.events.stripe.StripeCheckoutAttributed;
import org.affiliateledger.events.stripe.StripeCustomerAttributed;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.IncompatibleAggregateException;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.modelling.command.ConcurrencyException;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * What a Stripe notice says is sent to the customer's or payment intent's attribution, dated by the notice (retried
 * when another node changed it meanwhile); who referred them is read back from their events.
 */
class StripeAttributionReadsTest {
    private static final Instant LEARNED = Instant.parse("2026-01-31T10:00:00Z");
    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final CommandGateway commands = mock(CommandGateway.class);
    private final StripeCustomers customers = new StripeCustomers(commands,
            EventSourcingRepository.builder(StripeCustomer.class).eventStore(store).build());
    private final StripeCheckouts checkouts = new StripeCheckouts(commands,
            EventSourcingRepository.builder(StripeCheckout.class).eventStore(store).build());

    private final AttributeStripeCustomer customer = StripeCustomers.attribution("mer_1", "cus_1", "aff_1",
            StripeCustomerAttributed.CHECKOUT, "cs_1", "jane", "ses_1", LEARNED);
    private final AttributeStripeCheckout checkout = StripeCheckouts.attribution("mer_1", "pi_1", "cs_1", "aff_1", "jane", "ses_1");

    @Test
    void aCustomerAttributionIsAddressedToTheMerchantsCustomer() {
        assertThat(customer).isEqualTo(new AttributeStripeCustomer("mer_1/cus_1", "mer_1", "cus_1", "aff_1", "checkout", "cs_1",
                "jane", "ses_1", LEARNED));
    }

    @Test
    void learningACustomerSendsTheCommandDatedByTheNoticeAndAnswersWhetherItChanged() {
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        when(commands.sendAndWait(sent.capture())).thenReturn(Boolean.TRUE, Boolean.FALSE, null);
        assertThat(customers.learn(customer, LEARNED)).isTrue();
        assertThat(customers.learn(customer, LEARNED)).isFalse();
        assertThat(customers.learn(customer, LEARNED)).isFalse();
        assertThat(sent.getValue().getPayload()).isEqualTo(customer);
        assertThat(sent.getValue().getMetaData()).containsEntry("effectiveAt", LEARNED.toString());
    }

    @Test
    void learningACheckoutSendsTheCommandDatedByTheNoticeAndAnswersWhetherItChanged() {
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        when(commands.sendAndWait(sent.capture())).thenReturn(Boolean.TRUE, Boolean.FALSE, null);
        assertThat(checkouts.learn(checkout, LEARNED)).isTrue();
        assertThat(checkouts.learn(checkout, LEARNED)).isFalse();
        assertThat(checkouts.learn(checkout, LEARNED)).isFalse();
        assertThat(sent.getValue().getPayload()).isEqualTo(checkout);
        assertThat(sent.getValue().getMetaData()).containsEntry("effectiveAt", LEARNED.toString());
    }

    @Test
    void aConcurrentChangeIsRetriedUpToFiveTimes() {
        CommandExecutionException concurrent = new CommandExecutionException("raced", new ConcurrencyException("raced"));
        when(commands.sendAndWait(any())).thenThrow(concurrent, concurrent, concurrent, concurrent).thenReturn(Boolean.TRUE);
        assertThat(customers.learn(customer, LEARNED)).isTrue();
        verify(commands, times(5)).sendAndWait(any());

        CommandGateway always = mock(CommandGateway.class);
        when(always.sendAndWait(any())).thenThrow(concurrent);
        StripeCheckouts losing = new StripeCheckouts(always, EventSourcingRepository.builder(StripeCheckout.class).eventStore(store).build());
        assertThatThrownBy(() -> losing.learn(checkout, LEARNED)).isSameAs(concurrent);
        verify(always, times(5)).sendAndWait(any());
    }

    @Test
    void whoReferredACustomerIsReadFromItsEvents() {
        store.publish(new GenericDomainEventMessage<>("StripeCustomer", "mer_1/cus_1", 0, new StripeCustomerAttributed("mer_1",
                "cus_1", "aff_7", StripeCustomerAttributed.CHECKOUT, null, null, null, LEARNED, null)));
        assertThat(customers.affiliateOf("mer_1", "cus_1")).contains("aff_7");
        assertThat(customers.affiliateOf("mer_1", "cus_2")).isEmpty();
        assertThat(customers.affiliateOf("mer_2", "cus_1")).isEmpty();
    }

    @Test
    void whoAPaymentIntentsCheckoutNamedIsReadFromItsEvents() {
        store.publish(new GenericDomainEventMessage<>("StripeCheckout", "mer_1/pi_1", 0,
                new StripeCheckoutAttributed("mer_1", "pi_1", "cs_1", "aff_7", "jane", "ses_9")));
        assertThat(checkouts.attributionOf("mer_1", "pi_1"))
                .contains(new StripeAttributions.CheckoutAttribution("aff_7", "ses_9"));
        assertThat(checkouts.attributionOf("mer_1", "pi_2")).isEqualTo(Optional.empty());
    }

    @Test
    void aHistoryThatCannotBeReadIsAnErrorNotAnUnattributedCustomer() {
        store.publish(new GenericDomainEventMessage<>("StripeCheckout", "mer_1/cus_1", 0,
                new StripeCheckoutAttributed("mer_1", "pi_1", "cs_1", "aff_7", "jane", "ses_9")));
        assertThatThrownBy(() -> customers.affiliateOf("mer_1", "cus_1")).isInstanceOf(IncompatibleAggregateException.class);
        store.publish(new GenericDomainEventMessage<>("StripeCustomer", "mer_1/pi_9", 0, new StripeCustomerAttributed("mer_1",
                "pi_9", "aff_7", StripeCustomerAttributed.CHECKOUT, null, null, null, LEARNED, null)));
        assertThatThrownBy(() -> checkouts.attributionOf("mer_1", "pi_9")).isInstanceOf(IncompatibleAggregateException.class);
    }
}
