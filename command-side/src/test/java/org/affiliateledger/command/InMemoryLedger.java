package org.affiliateledger.command;

import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.command.apikey.ApiKey;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.command.conversion.Conversion;
import org.affiliateledger.command.merchant.Merchant;
import org.affiliateledger.command.payout.Payout;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.ResultMessage;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * An event-sourced command side in memory, for the coordinators that span aggregates (conversion recording,
 * adjustments, payout creation): give each aggregate its history, run one handler in a unit of work, read what each
 * aggregate recorded. A refused unit of work rolls back and records nothing, as in the ledger.
 */
public final class InMemoryLedger implements AutoCloseable {
    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    public final EventSourcingRepository<Merchant> merchants = EventSourcingRepository.builder(Merchant.class).eventStore(store).build();
    public final EventSourcingRepository<Affiliate> affiliates = EventSourcingRepository.builder(Affiliate.class).eventStore(store).build();
    public final EventSourcingRepository<Conversion> conversions = EventSourcingRepository.builder(Conversion.class).eventStore(store).build();
    public final EventSourcingRepository<Commission> commissions = EventSourcingRepository.builder(Commission.class).eventStore(store).build();
    public final EventSourcingRepository<ApiKey> apiKeys = EventSourcingRepository.builder(ApiKey.class).eventStore(store).build();
    public final EventSourcingRepository<Payout> payouts = EventSourcingRepository.builder(Payout.class).eventStore(store).build();

    /** Appends {@code payloads} as the history of aggregate {@code id} of {@code type} (its simple class name). */
    public void given(Class<?> type, String id, Object... payloads) {
        long next = store.lastSequenceNumberFor(id).map(n -> n + 1).orElse(0L);
        List<GenericDomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            messages.add(new GenericDomainEventMessage<>(type.getSimpleName(), id, next + i, payloads[i]));
        }
        store.publish(messages);
    }

    /** Runs {@code handler} in its own unit of work; a refusal is rethrown after the unit of work rolled back. */
    public <R> R run(Callable<R> handler) throws Exception {
        ResultMessage<R> result = DefaultUnitOfWork.startAndGet(null).executeWithResult(handler);
        if (result.isExceptional()) {
            Throwable refusal = result.exceptionResult();
            if (refusal instanceof Exception e) {
                throw e;
            }
            throw (Error) refusal;
        }
        return result.getPayload();
    }

    /** The payloads aggregate {@code id} has recorded, oldest first (its given history included). */
    public List<Object> eventsOf(String id) {
        return store.readEvents(id).asStream().map(Message::getPayload).map(Object.class::cast).toList();
    }

    /** When the {@code index}-th event of aggregate {@code id} was recorded. */
    public java.time.Instant recordedAt(String id, int index) {
        return store.readEvents(id).asStream().skip(index).findFirst().orElseThrow().getTimestamp();
    }

    /** The payloads aggregate {@code id} recorded after its first {@code skip} (the given history). */
    public List<Object> newEventsOf(String id, int skip) {
        List<Object> all = eventsOf(id);
        return all.subList(Math.min(skip, all.size()), all.size());
    }

    @Override
    public void close() {
        store.shutDown();
    }
}
