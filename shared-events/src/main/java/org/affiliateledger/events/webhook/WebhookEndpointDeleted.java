package org.affiliateledger.events.webhook;

import java.time.Instant;

/**
 * The endpoint receives nothing more and is no longer listed; its pending deliveries are parked, and its attempt log
 * stays readable through the messages.
 */
public record WebhookEndpointDeleted(String endpointId, String merchantId, Instant deletedAt)
        implements WebhookEndpointEvent {
}
