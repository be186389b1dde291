package org.affiliateledger.infra.axon;

import org.axonframework.eventhandling.GenericDomainEventEntry;

import java.time.Instant;

/** An event read from the store whose timestamp is parsed once, when it is read, instead of on every look. */
final class StoredEventEntry<T> extends GenericDomainEventEntry<T> {
    private final Instant timestamp;

    StoredEventEntry(String type, String aggregateIdentifier, long sequenceNumber, String eventIdentifier,
                     String storedTimestamp, String payloadType, String payloadRevision, T payload, T metaData) {
        super(type, aggregateIdentifier, sequenceNumber, eventIdentifier, storedTimestamp, payloadType, payloadRevision,
                payload, metaData);
        this.timestamp = UtcInstants.parseStored(storedTimestamp);
    }

    @Override
    public Instant getTimestamp() {
        return timestamp;
    }
}
