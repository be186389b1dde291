package org.affiliateledger.command.webhook;

import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;

/** Shared writes on an endpoint's deliveries. */
final class WebhookEndpoints {
    private WebhookEndpoints() {
    }

    /** An endpoint that is disabled (410, or by its merchant) or deleted keeps its pending deliveries parked until a replay or recover. */
    static int parkPending(JdbcClient jdbc, String endpointId) {
        return jdbc.sql("""
                        UPDATE webhook_deliveries SET status = 'parked', updated_at = ?
                        WHERE endpoint_id = ? AND status = 'pending'""")
                .params(Timestamp.from(Instant.now()), endpointId)
                .update();
    }
}
