package org.affiliateledger.query.conversion;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.messaging.GenericMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ConversionSequencingTest {

    @Test
    void sequencesACommissionsEventsByItsConversion() {
        var approved = new GenericDomainEventMessage<>("Commission", "cm_1", 3,
                new CommissionApproved("cm_1", "m_1", "cv_1", "a_1", 100, "USD"));

        assertThat(ConversionSequencing.conversionOf(approved)).isEqualTo("cv_1");
    }

    @Test
    void sequencesAConversionsOwnEventsByTheirAggregateWithoutReadingThePayload() {
        var recorded = new GenericDomainEventMessage<>("Conversion", "cv_1", 0, unreadable(ConversionRecorded.class),
                Instant.EPOCH);

        assertThat(ConversionSequencing.conversionOf(recorded)).isEqualTo("cv_1");
    }

    @Test
    void leavesEventsWithoutAConversionRowInTheirAggregatesSequenceWithoutReadingThePayload() {
        var created = new GenericDomainEventMessage<>("Commission", "cm_2", 0, unreadable(CommissionCreated.class),
                Instant.EPOCH);

        assertThat(ConversionSequencing.conversionOf(created)).isEqualTo("cm_2");
    }

    /** A stored event whose payload type is known but whose payload must not be deserialised to sequence it. */
    private static <T> Message<T> unreadable(Class<T> type) {
        return new GenericMessage<T>("id", type, null, MetaData.emptyInstance()) {
            @Override
            public T getPayload() {
                throw new AssertionError("the payload of a " + type.getSimpleName() + " was deserialised");
            }
        };
    }
}
