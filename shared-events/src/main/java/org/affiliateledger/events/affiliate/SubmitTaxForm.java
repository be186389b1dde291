package org.affiliateledger.events.affiliate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;
import java.time.LocalDate;

/** Records that the merchant holds the affiliate's tax form of {@code formType}, received on {@code receivedOn}. */
public record SubmitTaxForm(@TargetAggregateIdentifier String affiliateId, String merchantId, String formType,
                            LocalDate receivedOn, Instant submittedAt) {
}
