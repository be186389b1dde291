package org.affiliateledger.command.stripe;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

/**
 * Stripe events already handled, by Stripe event id, with what they did. Written after the event's commands
 * succeeded: a crash in between means Stripe delivers the event again and it is handled again, which changes nothing,
 * because every command it sends is idempotent on its own (charge-id claims, cumulative refunds, dispute ids).
 * This table makes retries cheap and answers "what happened to evt_…", it is not what keeps the ledger exact.
 */
@Component
public class StripeEventLog {
    private final JdbcClient jdbc;

    public StripeEventLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> outcomeOf(String merchantId, String eventId) {
        return jdbc.sql("SELECT outcome FROM stripe_event WHERE merchant_id = ? AND event_id = ?")
                .params(merchantId, eventId)
                .query(String.class)
                .optional();
    }

    public void handled(String merchantId, String eventId, String type, Instant stripeCreated, String outcome) {
        jdbc.sql("""
                        INSERT INTO stripe_event (merchant_id, event_id, type, stripe_created, outcome, received_at)
                        VALUES (?, ?, ?, ?, ?, now()) ON CONFLICT (merchant_id, event_id) DO NOTHING""")
                .params(merchantId, eventId, truncate(type, 100), Timestamp.from(stripeCreated), truncate(outcome, 1000))
                .update();
    }

    private static String truncate(String value, int max) {
        return value == null ? null : value.substring(0, Math.min(value.length(), max));
    }
}
