package org.affiliateledger.events.webhook;

import java.time.Instant;

/**
 * The endpoint has a new signing secret; the earlier ones sign too until {@code previousSecretsExpireAt}, so receivers
 * switch without losing a message. The secrets themselves are never in an event.
 */
public record WebhookSecretRotated(String endpointId, String merchantId, Instant previousSecretsExpireAt, Instant rotatedAt)
        implements WebhookEndpointEvent {
}
