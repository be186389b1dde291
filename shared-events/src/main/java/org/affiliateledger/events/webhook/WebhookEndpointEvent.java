package org.affiliateledger.events.webhook;

/** An event of a webhook endpoint's history: every one names the endpoint and its merchant. */
public interface WebhookEndpointEvent {
    String endpointId();

    String merchantId();
}
