package org.affiliateledger.infra.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The ledger's own meters (prefix {@code ledger.}), in one place: what is counted from events
 * ({@link LedgerEventMeters}), from the edges (Stripe, webhook attempts, rate limits) and gauged from the processors
 * ({@link ProjectionLagMeters}). The README's "Operating" section lists them with their Prometheus names.
 */
@Component
public class LedgerMeters {
    public static final String CONVERSIONS = "ledger.conversions.recorded";
    public static final String COMMISSION_TRANSITIONS = "ledger.commission.transitions";
    public static final String STRIPE_EVENTS = "ledger.stripe.events";
    public static final String WEBHOOK_DELIVERIES = "ledger.webhook.deliveries";
    public static final String RATE_LIMIT_REFUSALS = "ledger.ratelimit.refusals";
    /** Stripe event types are lowercase words and dots; anything else is counted as {@code other} (bounded tags). */
    private static final Pattern STRIPE_TYPE = Pattern.compile("[a-z_]{1,40}(\\.[a-z_]{1,40}){0,4}");

    private final MeterRegistry registry;

    public LedgerMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void conversionRecorded(String source) {
        Counter.builder(CONVERSIONS).description("conversions recorded, by source (manual, stripe, event)")
                .tag("source", source).register(registry).increment();
    }

    public void commissionTransition(String kind) {
        Counter.builder(COMMISSION_TRANSITIONS).description("commission events, by kind (created, approved, voided, paid…)")
                .tag("kind", kind).register(registry).increment();
    }

    /** @param outcome what the ledger did with the event, in words; counted by its kind */
    public void stripeEvent(String type, String outcome) {
        Counter.builder(STRIPE_EVENTS).description("Stripe events handled, by type and outcome")
                .tag("type", type != null && STRIPE_TYPE.matcher(type).matches() ? type : "other")
                .tag("outcome", stripeOutcome(outcome))
                .register(registry).increment();
    }

    /** @param statusCode the endpoint's HTTP status, null when there was no answer (refused, timed out) */
    public void webhookAttempt(Integer statusCode, long durationMs) {
        Timer.builder(WEBHOOK_DELIVERIES).description("webhook delivery attempts, by outcome, with their duration")
                .tag("outcome", webhookOutcome(statusCode))
                .register(registry).record(Duration.ofMillis(Math.max(0, durationMs)));
    }

    /** @param scope {@code read} or {@code write}: the budget that was used up */
    public void rateLimited(String scope) {
        Counter.builder(RATE_LIMIT_REFUSALS).description("requests refused with 429, by rate-limit scope")
                .tag("scope", scope).register(registry).increment();
    }

    static String stripeOutcome(String outcome) {
        String text = outcome == null ? "" : outcome.toLowerCase(Locale.ROOT);
        if (text.startsWith("ignored")) {
            return "ignored";
        }
        if (text.startsWith("not attributed")) {
            return "not_attributed";
        }
        if (text.startsWith("already")) {
            return "already_recorded";
        }
        return "applied";
    }

    static String webhookOutcome(Integer statusCode) {
        if (statusCode == null) {
            return "no_response";
        }
        if (statusCode >= 200 && statusCode < 300) {
            return "delivered";
        }
        if (statusCode == 410) {
            return "gone";
        }
        if (statusCode == 429 || statusCode == 503) {
            return "throttled";
        }
        return "failed";
    }
}
