package org.affiliateledger.events.webhook;

/**
 * Query: the merchant's webhook endpoint as the API shows it (with its health). The command side asks it through the
 * query bus to answer a change with the endpoint as it is now, without knowing the read model that answers.
 */
public record FindWebhookEndpoint(String merchantId, String endpointId) {
}
