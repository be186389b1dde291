package org.affiliateledger.command.conversion;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.RecordConversion;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/** A sale (or other conversion) attributed to an affiliate. Refunds and disputes will be recorded against it. */
@Aggregate(repository = "conversionRepository")
public class Conversion {
    @AggregateIdentifier
    private String conversionId;
    private String merchantId;

    protected Conversion() {
    }

    Conversion(RecordConversion command, CommissionRate rate, long commissionCents) {
        onlyPositiveAmountsConvert(command.amountCents());
        apply(new ConversionRecorded(command.conversionId(), command.merchantId(), command.affiliateId(), command.source(),
                command.externalId(), command.amountCents(), command.currency(), command.commissionId(), rate.percent(),
                commissionCents, command.recordedAt()));
    }

    private static void onlyPositiveAmountsConvert(long amountCents) {
        if (amountCents <= 0) {
            throw new InvalidRequestException("amount_cents must be a positive integer, got " + amountCents);
        }
    }

    @EventSourcingHandler
    void on(ConversionRecorded event) {
        conversionId = event.conversionId();
        merchantId = event.merchantId();
    }
}
