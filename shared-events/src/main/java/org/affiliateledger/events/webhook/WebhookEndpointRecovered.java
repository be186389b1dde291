package org.affiliateledger.events.webhook;

import java.time.Instant;

/** What failed or was parked to the endpoint since {@code since} is sent again: {@code deliveries} of them. */
public record WebhookEndpointRecovered(String endpointId, String merchantId, Instant since, int deliveries, Instant at)
        implements WebhookEndpointEvent {
}
