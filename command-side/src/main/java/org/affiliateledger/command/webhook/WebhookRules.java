package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.StateConflictException;

/** The webhook rules more than one aggregate decides on. */
final class WebhookRules {
    private WebhookRules() {
    }

    /** A disabled endpoint is sent nothing, not even a replay or a recovery: it is enabled first. */
    static void disabledEndpointsReceiveNothing(String endpointId, boolean enabled) {
        if (!enabled) {
            throw disabled(endpointId);
        }
    }

    static StateConflictException disabled(String endpointId) {
        return (StateConflictException) new StateConflictException("webhook endpoint " + endpointId
                + " is disabled; enable it (PATCH enabled=true) first").withCode("webhook_endpoint_disabled");
    }
}
