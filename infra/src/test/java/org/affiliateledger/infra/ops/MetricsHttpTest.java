package org.affiliateledger.infra.ops;

import org.affiliateledger.command.apikey.ApiKeySecrets;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.infra.support.StripeEvents;
import org.affiliateledger.infra.support.WebhookReceiver;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Prometheus scrape: behind the admin token; JVM, HTTP, Axon and ledger meters that move with activity. */
class MetricsHttpTest extends LedgerIntegrationTest {
    private static final String SECRET = "whsec_metricsTestSecret0000000000";
    @Autowired
    JdbcClient jdbc;

    @Test
    void theScrapeNeedsTheAdminToken() {
        Api.Response anonymous = api.get("/actuator/prometheus", null);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.text("code")).isEqualTo("invalid_admin_token");
        assertThat(api.get("/actuator/prometheus", "not-the-admin-token").status()).isEqualTo(401);
        assertThat(api.get("/actuator/prometheus", ADMIN_TOKEN).status()).isEqualTo(200);
    }

    @Test
    void ledgerMetersCountActivity() {
        Prometheus before = scrape();
        String key = onboardMerchant("Metrics");
        String merchant = merchantIdOf(key);
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            Api.Response endpoint = api.post("/api/v1/webhook-endpoints", key,
                    Api.json(Map.of("url", receiver.url("/metrics"), "event_types", List.of("affiliate.approved"))));
            receiver.secret(endpoint.text("secret"));
            String affiliate = activeAffiliate(key, "Metered");
            for (int i = 0; i < 3; i++) {
                Api.Response conversion = api.post("/api/v1/conversions", key,
                        Api.json(Map.of("affiliate_id", affiliate, "amount_cents", 1000, "external_id", "metrics-" + i)));
                assertThat(conversion.status()).isEqualTo(201);
            }
            String commission = eventually(() -> api.get("/api/v1/commissions?affiliate_id=" + affiliate, key),
                    r -> r.body().get("data").size() == 3).body().get("data").get(0).get("id").asString();
            assertThat(api.post("/api/v1/commissions/" + commission + "/approve", key, null).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(15)).until(() -> receiver.received().size() == 1);

            assertThat(api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", SECRET))).status()).isEqualTo(200);
            String charge = StripeEvents.event("charge.succeeded.json", ch -> {
                ch.put("id", "ch_metrics1");
                ch.put("payment_intent", "pi_metrics1");
                ch.putObject("metadata").put("affiliate_id", affiliate);
            });
            assertThat(StripeEvents.deliver(api, port, merchant, SECRET, charge).status()).isEqualTo(200);

            jdbc.sql("UPDATE api_keys SET write_per_minute = 1 WHERE secret_hash = ?").param(ApiKeySecrets.hash(key)).update();
            assertThat(api.post("/api/v1/affiliates", key, "{}").status()).isIn(400, 429);
            assertThat(api.post("/api/v1/affiliates", key, "{}").status()).isEqualTo(429);

            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                Prometheus after = scrape();
                assertThat(after.value("ledger_conversions_recorded_total", "source=\"manual\"")
                        - before.value("ledger_conversions_recorded_total", "source=\"manual\"")).isGreaterThanOrEqualTo(3);
                assertThat(after.value("ledger_conversions_recorded_total", "source=\"stripe\"")
                        - before.value("ledger_conversions_recorded_total", "source=\"stripe\"")).isGreaterThanOrEqualTo(1);
                assertThat(after.value("ledger_commission_transitions_total", "kind=\"created\"")
                        - before.value("ledger_commission_transitions_total", "kind=\"created\"")).isGreaterThanOrEqualTo(4);
                assertThat(after.value("ledger_commission_transitions_total", "kind=\"approved\"")
                        - before.value("ledger_commission_transitions_total", "kind=\"approved\"")).isGreaterThanOrEqualTo(1);
                assertThat(after.value("ledger_stripe_events_total", "type=\"charge.succeeded\"", "outcome=\"applied\"")
                        - before.value("ledger_stripe_events_total", "type=\"charge.succeeded\"", "outcome=\"applied\"")).isGreaterThanOrEqualTo(1);
                assertThat(after.value("ledger_webhook_deliveries_seconds_count", "outcome=\"delivered\"")
                        - before.value("ledger_webhook_deliveries_seconds_count", "outcome=\"delivered\"")).isGreaterThanOrEqualTo(1);
                assertThat(after.value("ledger_ratelimit_refusals_total", "scope=\"write\"")
                        - before.value("ledger_ratelimit_refusals_total", "scope=\"write\"")).isGreaterThanOrEqualTo(1);
                assertThat(after.has("ledger_projection_lag_positions", "processor=\"projections\"")).isTrue();
                assertThat(after.has("ledger_projection_lag_seconds", "processor=\"projections\"")).isTrue();
                assertThat(after.has("jvm_memory_used_bytes")).isTrue();
                assertThat(after.value("http_server_requests_seconds_count", "uri=\"/api/v1/conversions\"")).isGreaterThanOrEqualTo(3);
                // Axon's own: command bus (processing times, counters) and processors (latency, capacity)
                assertThat(after.value("commandBus_successCounter_total")).isGreaterThan(0);
                assertThat(after.has("eventProcessor_latency", "processorName=\"projections\"")).isTrue();
                assertThat(after.has("eventProcessor_capacity", "processorName=\"projections\"")).isTrue();
                // but no per-event counters or timers on processors (their lookups per event cost a third of a rebuild)
                assertThat(after.has("eventProcessor_ingestedCounter_total")).isFalse();
                assertThat(after.has("eventProcessor_successTimer_seconds_count")).isFalse();
                // and none on the subscribing ones: they run inside the request that publishes
                assertThat(after.has("eventProcessor_latency", "processorName=\"payout-ledger\"")).isFalse();
                assertThat(after.has("eventProcessor_capacity", "processorName=\"ledger-metrics\"")).isFalse();
            });
        }
    }

    private Prometheus scrape() {
        Api.Response response = api.get("/actuator/prometheus", ADMIN_TOKEN);
        assertThat(response.status()).isEqualTo(200);
        return new Prometheus(response.raw().body());
    }

    /** The text exposition format, read the simple way: sample lines are {@code name{labels} value}. */
    record Prometheus(String text) {
        double value(String name, String... labels) {
            double sum = 0;
            for (String line : text.split("\n")) {
                if (matches(line, name, labels)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
            return sum;
        }

        boolean has(String name, String... labels) {
            return text.lines().anyMatch(line -> matches(line, name, labels));
        }

        private static boolean matches(String line, String name, String... labels) {
            if (line.startsWith("#") || !(line.startsWith(name + "{") || line.startsWith(name + " "))) {
                return false;
            }
            for (String label : labels) {
                if (!line.contains(label)) {
                    return false;
                }
            }
            return true;
        }
    }
}
