package org.affiliateledger.infra.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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
    public static final String READ_WAITS = "ledger.read.waits";
    /** Stripe event types are lowercase words and dots; anything else is counted as {@code other} (bounded tags). */
    private static final Pattern STRIPE_TYPE = Pattern.compile("[a-z_]{1,40}(\\.[a-z_]{1,40}){0,4}");

    private final MeterRegistry registry;
    /**
     * The meters by tag value, built once: registering a meter per call (a new id, its tags sorted, a registry lookup)
     * cost every conversion and every commission event that work again. The tag values are bounded sets.
     */
    private final Map<String, Counter> conversions = new ConcurrentHashMap<>();
    private final Map<String, Counter> transitions = new ConcurrentHashMap<>();
    private final Map<String, Counter> refusals = new ConcurrentHashMap<>();
    private final Map<String, Counter> stripeEvents = new ConcurrentHashMap<>();
    private final Map<String, Timer> webhookAttempts = new ConcurrentHashMap<>();

    /** Registered at start, so a dashboard sees both series (at zero) before the first read waits. */
    private final Timer readsReached;
    private final Timer readsTimedOut;

    public LedgerMeters(MeterRegistry registry) {
        this.registry = registry;
        this.readsReached = readWaits("reached");
        this.readsTimedOut = readWaits("timed_out");
    }

    private Timer readWaits(String outcome) {
        return Timer.builder(READ_WAITS)
                .description("reads that waited for the read models to reach a write (X-Ledger-Position, a read by id of "
                        + "something just created), by outcome: reached, or timed_out after LEDGER_READ_WAIT")
                .tag("outcome", outcome).register(registry);
    }

    /** A read waited {@code waited} for the read models; {@code reached}: they got there within the bound. */
    public void readWaited(boolean reached, Duration waited) {
        (reached ? readsReached : readsTimedOut).record(waited);
    }

    public void conversionRecorded(String source) {
        conversions.computeIfAbsent(source, s -> Counter.builder(CONVERSIONS)
                .description("conversions recorded, by source (manual, stripe, event)")
                .tag("source", s).register(registry)).increment();
    }

    public void commissionTransition(String kind) {
        transitions.computeIfAbsent(kind, k -> Counter.builder(COMMISSION_TRANSITIONS)
                .description("commission events, by kind (created, approved, voided, paid…)")
                .tag("kind", k).register(registry)).increment();
    }

    /** @param outcome what the ledger did with the event, in words; counted by its kind */
    public void stripeEvent(String type, String outcome) {
        String typeTag = type != null && STRIPE_TYPE.matcher(type).matches() ? type : "other";
        String outcomeTag = stripeOutcome(outcome);
        // Stripe's type names are a bounded vocabulary, but a client could send many well-formed ones: cap the cache
        Counter counter = stripeEvents.get(typeTag + " " + outcomeTag);
        if (counter == null) {
            counter = Counter.builder(STRIPE_EVENTS).description("Stripe events handled, by type and outcome")
                    .tag("type", typeTag).tag("outcome", outcomeTag).register(registry);
            if (stripeEvents.size() < 1000) {
                stripeEvents.put(typeTag + " " + outcomeTag, counter);
            }
        }
        counter.increment();
    }

    /** @param statusCode the endpoint's HTTP status, null when there was no answer (refused, timed out) */
    public void webhookAttempt(Integer statusCode, long durationMs) {
        webhookAttempts.computeIfAbsent(webhookOutcome(statusCode), outcome -> Timer.builder(WEBHOOK_DELIVERIES)
                        .description("webhook delivery attempts, by outcome, with their duration")
                        .tag("outcome", outcome).register(registry))
                .record(Duration.ofMillis(Math.max(0, durationMs)));
    }

    /** @param scope {@code read} or {@code write}: the budget that was used up */
    public void rateLimited(String scope) {
        refusals.computeIfAbsent(scope, s -> Counter.builder(RATE_LIMIT_REFUSALS)
                .description("requests refused with 429, by rate-limit scope")
                .tag("scope", s).register(registry)).increment();
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
