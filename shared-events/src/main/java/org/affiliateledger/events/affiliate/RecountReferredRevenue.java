package org.affiliateledger.events.affiliate;

import org.axonframework.modelling.command.TargetAggregateIdentifier;

import java.time.Instant;

/**
 * A one-off migration step: the affiliate's referred revenue in {@code currency} was counted only from
 * {@code countedSince} (the release that started counting it); its tier-0 sales in the program currency before then,
 * {@code uncountedCents} as summed from the event history, are added now, once, and recorded.
 */
public record RecountReferredRevenue(@TargetAggregateIdentifier String affiliateId, String merchantId, String currency,
                                     long uncountedCents, Instant countedSince) {
}
