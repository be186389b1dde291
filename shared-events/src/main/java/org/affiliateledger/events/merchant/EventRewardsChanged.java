package org.affiliateledger.events.merchant;

import java.util.Map;

/** The whole table of rewards per event type after the change (types absent earn nothing). */
public record EventRewardsChanged(String merchantId, Map<String, EventReward> eventRewards) {
    public EventRewardsChanged {
        eventRewards = eventRewards == null ? Map.of() : Map.copyOf(eventRewards);
    }
}
