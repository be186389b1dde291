package org.affiliateledger.events.webhook;

import org.axonframework.modelling.command.TargetAggregateIdentifier;
import org.jspecify.annotations.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * Command: the merchant registers an endpoint. Its signing secret is issued beside it and is never in a command or an
 * event (it is stored sealed).
 *
 * @param url        checked already against private targets (that check resolves the host: I/O, done by the sender)
 * @param eventTypes the types asked for, as given (empty or null: every type)
 */
public record RegisterWebhookEndpoint(@TargetAggregateIdentifier String endpointId, String merchantId, String url,
                                      @Nullable String description, @Nullable List<String> eventTypes, boolean enabled,
                                      Instant at) {
}
