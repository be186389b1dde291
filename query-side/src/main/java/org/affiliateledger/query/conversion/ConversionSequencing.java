package org.affiliateledger.query.conversion;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionReduced;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.Set;

/**
 * Conversion and commission events live in different aggregates; the conversions projection must see a
 * conversion's events in order, so its processor sequences them by conversion id rather than by aggregate.
 * <p>
 * The policy runs for every event in every segment (the projector takes every event and leaves out those it has no
 * row for), so it decides by the stored payload type, which needs no deserialisation: only a commission's events are
 * read for their {@code conversionId}. A conversion's own events are sequenced by their aggregate identifier, which is
 * the conversion id (the {@code Conversion} aggregate is identified by it, and the bench's loader writes the same).
 * In a rebuild's profile (JFR, bench/TUNING.md) sequencing and deserialising were a quarter of the projection threads' samples,
 * half of it for events the other segment handles.
 */
@Configuration(proxyBeanMethods = false)
public class ConversionSequencing {
    /** Events of the {@code Commission} aggregate that change its conversion's row. */
    private static final Set<Class<?>> COMMISSION_EVENTS = Set.of(CommissionApproved.class, CommissionRejected.class,
            CommissionVoided.class, CommissionPaid.class, CommissionHeld.class, CommissionReleased.class,
            CommissionReduced.class);

    static Object conversionOf(EventMessage<?> event) {
        if (!COMMISSION_EVENTS.contains(event.getPayloadType())) {
            // ConversionRecorded, ConversionRefunded, ConversionDisputed, ConversionDisputeClosed and FraudFlagged are
            // the Conversion aggregate's: their aggregate identifier is the conversion id
            return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
        }
        Object payload = event.getPayload();
        if (payload instanceof CommissionApproved e) {
            return e.conversionId();
        }
        if (payload instanceof CommissionRejected e) {
            return e.conversionId();
        }
        if (payload instanceof CommissionVoided e) {
            return e.conversionId();
        }
        if (payload instanceof CommissionPaid e) {
            return e.conversionId();
        }
        if (payload instanceof CommissionHeld e) {
            return e.conversionId();
        }
        if (payload instanceof CommissionReleased e) {
            return e.conversionId();
        }
        if (payload instanceof CommissionReduced e) {
            return e.conversionId();
        }
        return SequentialPerAggregatePolicy.instance().getSequenceIdentifierFor(event);
    }

    @Bean
    public ConfigurerModule conversionSequencingModule() {
        SequencingPolicy<EventMessage<?>> policy = ConversionSequencing::conversionOf;
        return configurer -> configurer.eventProcessing()
                .registerSequencingPolicy(ConversionProjector.GROUP, config -> policy);
    }
}
