package org.affiliateledger.query.conversion;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.conversion.ConversionDisputed;
import org.affiliateledger.events.conversion.ConversionDisputeClosed;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.axonframework.config.ConfigurerModule;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.async.SequencingPolicy;
import org.axonframework.eventhandling.async.SequentialPerAggregatePolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Conversion and commission events live in different aggregates; the conversions projection must see a
 * conversion's events in order, so its processor sequences them by conversion id rather than by aggregate.
 */
@Configuration(proxyBeanMethods = false)
public class ConversionSequencing {

    static Object conversionOf(EventMessage<?> event) {
        Object payload = event.getPayload();
        if (payload instanceof ConversionRecorded e) {
            return e.conversionId();
        }
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
        if (payload instanceof ConversionRefunded e) {
            return e.conversionId();
        }
        if (payload instanceof ConversionDisputed e) {
            return e.conversionId();
        }
        if (payload instanceof ConversionDisputeClosed e) {
            return e.conversionId();
        }
        if (payload instanceof FraudFlagged e) {
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
