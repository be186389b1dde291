package org.affiliateledger.events.merchant;

import org.jspecify.annotations.Nullable;

/**
 * What an event type earns: a flat amount in the program currency and/or a percent of the event's amount.
 * Both absent (0 and null) means the event type is recorded without a commission.
 */
public record EventReward(long flatAmountCents, @Nullable String rate) {
}
