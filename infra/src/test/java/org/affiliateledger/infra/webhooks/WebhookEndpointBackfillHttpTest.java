package org.affiliateledger.infra.webhooks;

import org.affiliateledger.command.webhook.WebhookEndpointBackfill;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An endpoint registered before its changes were events (a row only, disabled by a 410 answer as the row alone then
 * recorded) gets its history at start: recorded once as it stands, by the system; its later changes follow it there.
 */
class WebhookEndpointBackfillHttpTest extends LedgerIntegrationTest {
    @Autowired
    JdbcClient jdbc;
    @Autowired
    WebhookEndpointBackfill backfill;

    @Test
    void anEndpointFromBeforeIsRecordedOnceAsItStandsAndItsNextChangeFollowsInItsHistory() {
        String key = onboardMerchant("Old Endpoint Co");
        String merchant = merchantIdOf(key);
        String endpoint = Ids.WEBHOOK_ENDPOINT.next();
        Instant registered = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.MILLIS);
        jdbc.sql("""
                        INSERT INTO webhook_endpoints (id, merchant_id, url, description, event_types, enabled, disabled_reason,
                                                       disabled_at, created_at, updated_at, history_started)
                        VALUES (?, ?, 'https://old.example/hooks', 'from before', '{payout.paid}', FALSE,
                                'the endpoint answered 410 Gone', ?, ?, ?, FALSE)""")
                .params(endpoint, merchant, Timestamp.from(registered.plusSeconds(60)), Timestamp.from(registered),
                        Timestamp.from(registered.plusSeconds(60)))
                .update();

        assertThat(backfill.run()).isEqualTo(1);
        assertThat(backfill.run()).as("found nothing more once done").isZero();

        JsonNode started = eventually(() -> api.get("/api/v1/history?resource_type=webhook_endpoint&resource_id=" + endpoint, key),
                r -> r.status() == 200 && r.body().get("data").size() == 1).body().get("data").get(0);
        assertThat(started.get("type").asString()).isEqualTo("webhook_endpoint.history_started");
        assertThat(started.get("actor").asString()).isEqualTo("system");
        assertThat(Instant.parse(started.get("effectiveAt").asString())).isEqualTo(registered);
        assertThat(started.get("data").get("url").asString()).isEqualTo("https://old.example/hooks");
        assertThat(started.get("data").get("enabled").asBoolean()).isFalse();
        assertThat(started.get("data").get("disabledReason").asString()).isEqualTo("the endpoint answered 410 Gone");

        Api.Response enabled = api.patch("/api/v1/webhook-endpoints/" + endpoint, key, Api.json(Map.of("enabled", true)));
        assertThat(enabled.status()).isEqualTo(200);
        assertThat(enabled.body().get("enabled").asBoolean()).isTrue();
        JsonNode history = eventually(() -> api.get("/api/v1/history?resource_type=webhook_endpoint&resource_id=" + endpoint, key),
                r -> r.status() == 200 && r.body().get("data").size() == 2).body().get("data");
        assertThat(history.get(1).get("type").asString()).isEqualTo("webhook_endpoint.enabled");
        assertThat(history.get(1).get("actor").asString()).startsWith("api_key:");
    }
}
