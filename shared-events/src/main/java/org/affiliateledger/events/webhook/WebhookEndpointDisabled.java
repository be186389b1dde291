package org.affiliateledger.events.webhook;

import java.time.Instant;

/** The endpoint receives nothing until it is enabled again; {@code reason} says who or what disabled it. */
public record WebhookEndpointDisabled(String endpointId, String merchantId, String reason, Instant disabledAt)
        implements WebhookEndpointEvent {
}
