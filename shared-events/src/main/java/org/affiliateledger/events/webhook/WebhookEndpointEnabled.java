package org.affiliateledger.events.webhook;

import java.time.Instant;

/** The endpoint receives messages again (from now on; what was parked stays parked until a replay or a recovery). */
public record WebhookEndpointEnabled(String endpointId, String merchantId, Instant enabledAt)
        implements WebhookEndpointEvent {
}
