package org.affiliateledger.infra.links;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.command.link.RedirectController;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.test.util.ReflectionTestUtils;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.affiliateledger.infra.support.StripeEvents.deliver;
import static org.affiliateledger.infra.support.StripeEvents.event;
import static org.assertj.core.api.Assertions.assertThat;

/** Affiliate links → click sessions → conversions and events attributed by the session, over real HTTP. */
class LinksAndEventsHttpTest extends LedgerIntegrationTest {
    private static final String LANDING = "https://acme.example/pricing?plan=pro";
    private static final String SECRET = "whsec_linksAndEventsTestSecret000000";
    private static final Pattern ATTRIBUTED = Pattern.compile(
            Pattern.quote(LANDING) + "&ref=([a-z0-9-]+)&aff_sess=(ses_[0-9a-z]{26})");

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    RedirectController redirects;

    private String key;
    private String merchant;
    private String affiliate;
    private String shortCode;

    @BeforeEach
    void program() {
        key = onboardMerchant("Links");
        merchant = merchantIdOf(key);
        Api.Response patched = api.patch("/api/v1/program", key, """
                {"landing_url": "%s", "stripe_webhook_secret": "%s",
                 "event_rewards": {"trial_started": {"flat_amount_cents": 500, "rate": "10"}, "signup": {"rate": "10"}}}"""
                .formatted(LANDING, SECRET));
        assertThat(patched.status()).as(patched.body().toString()).isEqualTo(200);
        affiliate = activeAffiliate(key, "Link Sharer");
        shortCode = eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> r.status() == 200).text("shortCode");
    }

    private Api.Response follow(String path) {
        return api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET()
                .header("User-Agent", "Mozilla/5.0 (test)"), null);
    }

    /** Follows the affiliate's link and returns the click session the landing URL carries. */
    private String click() {
        Api.Response redirect = follow("/r/" + merchant + "/" + shortCode);
        assertThat(redirect.status()).isEqualTo(302);
        Matcher location = ATTRIBUTED.matcher(redirect.header("Location"));
        assertThat(location.matches()).as(redirect.header("Location")).isTrue();
        assertThat(location.group(1)).isEqualTo(shortCode);
        return location.group(2);
    }

    private Api.Response recordEvent(String json) {
        return api.post("/api/v1/events", key, json);
    }

    @Test
    void aClickRedirectsWithRefAndSessionAndAnEventWithThatCookieEarnsTheEventReward() {
        String session = click();
        assertThat(follow("/r/" + shortCode.toUpperCase()).header("Location")).matches(ATTRIBUTED);

        Api.Response recorded = recordEvent("""
                {"event_type": "trial_started", "external_id": "stripe_sub_abc", "cookie_id": "%s", "amount": 2000,
                 "currency": "USD", "payload": {"plan": "growth"}}""".formatted(session));

        assertThat(recorded.status()).as(recorded.body().toString()).isEqualTo(201);
        assertThat(recorded.text("affiliateId")).isEqualTo(affiliate);
        assertThat(recorded.body().get("commissionCents").asLong()).isEqualTo(500 + 200); // flat + 10 % of 2000
        assertThat(recorded.header("Location")).isEqualTo("/api/v1/conversions/" + recorded.text("id"));
        Api.Response listed = eventually(() -> api.get("/api/v1/conversions?source=event&event_type=trial_started", key),
                r -> r.body().get("data").size() == 1);
        assertThat(listed.body().at("/data/0/eventType").asString()).isEqualTo("trial_started");
        assertThat(listed.body().at("/data/0/payload/plan").asString()).isEqualTo("growth");
        assertThat(listed.body().at("/data/0/affiliateSessionId").asString()).isEqualTo(session);
        Api.Response clicks = eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/clicks", key),
                r -> r.status() == 200 && r.body().get("total").asLong() == 2);
        assertThat(clicks.body().at("/daily/0/clicks").asLong()).isEqualTo(2);
    }

    @Test
    void clicksBeforeTheDaysWindowCountInTheTotalButNotByDay() {
        java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
        for (int daysAgo : new int[]{40, 6, 6, 0}) {
            // the start of its UTC day: today's is never in the future
            java.time.Instant at = today.minusDays(daysAgo).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
            jdbc.update("""
                    INSERT INTO click_session (session_id, merchant_id, affiliate_id, short_code, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?)""", "ses_window_" + daysAgo + "_" + System.nanoTime(), merchant, affiliate,
                    shortCode, java.sql.Timestamp.from(at), java.sql.Timestamp.from(at.plus(java.time.Duration.ofDays(30))));
        }

        Api.Response week = api.get("/api/v1/affiliates/" + affiliate + "/clicks?days=7", key);

        assertThat(week.status()).isEqualTo(200);
        assertThat(week.body().get("total").asLong()).as("every click, also those before the window").isEqualTo(4);
        assertThat(week.body().get("daily")).hasSize(2);
        assertThat(week.body().at("/daily/0/date").asString()).isEqualTo(today.minusDays(6).toString());
        assertThat(week.body().at("/daily/0/clicks").asLong()).isEqualTo(2);
        assertThat(week.body().at("/daily/1/date").asString()).isEqualTo(today.toString());
        assertThat(week.body().at("/daily/1/clicks").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/affiliates/" + affiliate + "/clicks?days=6", key).body().get("daily"))
                .as("six days end the day after the two clicks").hasSize(1);
    }

    @Test
    void eventTypesAreCaseInsensitiveLikeTheirRewards() {
        Api.Response recorded = recordEvent("""
                {"event_type": "Trial_Started", "external_id": "sub_case", "affiliate_id": "%s", "amount": 0}""".formatted(affiliate));
        assertThat(recorded.status()).as(recorded.body().toString()).isEqualTo(201);
        assertThat(recorded.body().get("commissionCents").asLong()).isEqualTo(500);
        assertThat(recordEvent("""
                {"event_type": "TRIAL_STARTED", "external_id": "sub_case", "affiliate_id": "%s"}""".formatted(affiliate)).status())
                .isEqualTo(409);
        Api.Response listed = eventually(() -> api.get("/api/v1/conversions?event_type=TRIAL_STARTED", key),
                r -> r.status() == 200 && r.body().get("data").size() == 1);
        assertThat(listed.body().at("/data/0/eventType").asString()).isEqualTo("trial_started");
        assertThat(recordEvent("{\"event_type\": \"1lead\", \"affiliate_id\": \"" + affiliate + "\"}").status()).isEqualTo(400);
    }

    @Test
    void theShortFormFallsBackToTheInstallationsOwnProgramForUnknownCodes() {
        assertThat(follow("/r/nobody-5678").status()).isEqualTo(404);
        ReflectionTestUtils.setField(redirects, "defaultMerchant", merchant);
        try {
            Api.Response unknown = follow("/r/nobody-5678");
            assertThat(unknown.status()).isEqualTo(302);
            assertThat(unknown.header("Location")).isEqualTo(LANDING);
            assertThat(follow("/r/" + shortCode).header("Location")).matches(ATTRIBUTED);
        } finally {
            ReflectionTestUtils.setField(redirects, "defaultMerchant", "");
        }
    }

    @Test
    void unknownInactiveAndOverlongCodesRedirectWithoutAttribution() {
        assertThat(follow("/r/" + merchant + "/nobody-1234").header("Location")).isEqualTo(LANDING);
        assertThat(follow("/r/" + merchant + "/" + "x".repeat(300)).header("Location")).isEqualTo(LANDING);
        Api.Response head = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/r/" + merchant + "/" + shortCode))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()), null);
        assertThat(head.status()).isEqualTo(302);
        assertThat(head.header("Location")).isEqualTo(LANDING);
        assertThat(api.post("/api/v1/affiliates/" + affiliate + "/pause", key, null).status()).isEqualTo(200);
        Api.Response paused = follow("/r/" + merchant + "/" + shortCode);
        assertThat(paused.status()).isEqualTo(302);
        assertThat(paused.header("Location")).isEqualTo(LANDING);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM click_session WHERE affiliate_id = ?", Long.class, affiliate)).isZero();

        Api.Response unknownShort = follow("/r/nobody-uses-this-code");
        assertThat(unknownShort.status()).isEqualTo(404);
        assertThat(unknownShort.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aProgramWithoutLandingUrlAnswersAProblemThatSaysHowToSetIt() {
        String other = onboardMerchant("No landing");
        String otherMerchant = merchantIdOf(other);
        Api.Response missing = follow("/r/" + otherMerchant + "/anything");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.text("detail")).contains("landing_url", "PATCH /api/v1/program");
    }

    @Test
    void anExpiredOrUnknownSessionAttributesNothing() {
        String session = click();
        jdbc.update("UPDATE click_session SET expires_at = now() - interval '1 second' WHERE session_id = ?", session);

        Api.Response event = recordEvent("{\"event_type\": \"trial_started\", \"cookie_id\": \"%s\"}".formatted(session));
        assertThat(event.status()).as(event.body().toString()).isEqualTo(422);
        assertThat(event.text("detail")).contains(session, "unknown or expired", "affiliate_id");
        Api.Response manual = api.post("/api/v1/conversions", key,
                "{\"affiliate_session_id\": \"%s\", \"amount_cents\": 4900}".formatted(session));
        assertThat(manual.status()).isEqualTo(422);
        assertThat(api.post("/api/v1/conversions", key,
                "{\"affiliate_session_id\": \"ses_01hx5v3k8m2n4p6q8r0s2t4v6w\", \"amount_cents\": 4900}").status()).isEqualTo(422);
        assertThat(api.post("/api/v1/conversions", key, "{\"amount_cents\": 4900}").status()).isEqualTo(400);
    }

    @Test
    void aManualConversionWithOnlyASessionIsAttributedToTheClickedAffiliate() {
        String session = click();
        Api.Response manual = api.post("/api/v1/conversions", key,
                "{\"affiliate_session_id\": \"%s\", \"amount_cents\": 4900, \"external_id\": \"inv_77\"}".formatted(session));
        assertThat(manual.status()).as(manual.body().toString()).isEqualTo(201);
        assertThat(manual.body().get("commissionCents").asLong()).isEqualTo(490);
        Api.Response read = eventually(() -> api.get("/api/v1/conversions/" + manual.text("id"), key), r -> r.status() == 200);
        assertThat(read.text("affiliateId")).isEqualTo(affiliate);
        assertThat(read.text("affiliateSessionId")).isEqualTo(session);
    }

    @Test
    void aStripePaymentWithOnlyTheSessionInItsMetadataIsAttributed() {
        String session = click();
        String body = event("charge.succeeded.json", ch -> {
            ch.put("id", "ch_session_only_1");
            ch.put("payment_intent", "pi_session_only_1");
            ch.put("amount", 4900);
            ch.put("amount_captured", 4900);
            ch.put("currency", "usd");
            ch.putObject("metadata").put("affiliate_session_id", session);
        });
        Api.Response delivered = deliver(api, port, merchant, SECRET, body);
        assertThat(delivered.status()).isEqualTo(200);
        assertThat(delivered.text("outcome")).contains("recorded conversion", "for " + affiliate);
        eventually(() -> api.get("/api/v1/conversions?affiliate_id=" + affiliate, key), r -> r.body().get("data").size() == 1
                && session.equals(r.body().at("/data/0/affiliateSessionId").asString()));

        jdbc.update("UPDATE click_session SET expires_at = now() - interval '1 second' WHERE session_id = ?", session);
        String late = event("charge.succeeded.json", ch -> {
            ch.put("id", "ch_session_only_2");
            ch.put("payment_intent", "pi_session_only_2");
            ch.put("amount", 4900);
            ch.put("amount_captured", 4900);
            ch.putObject("metadata").put("affiliate_session_id", session);
        });
        assertThat(deliver(api, port, merchant, SECRET, late).text("outcome")).startsWith("not attributed");
    }

    @Test
    void aDuplicateEventAnswers409AndTheSameIdOfAnotherTypeIsAnotherEvent() {
        String json = "{\"event_type\": \"signup\", \"external_id\": \"user_42\", \"affiliate_id\": \"%s\"}".formatted(affiliate);
        assertThat(recordEvent(json).status()).isEqualTo(201);
        Api.Response again = recordEvent(json);
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.text("detail")).contains("user_42");
        assertThat(recordEvent(json.replace("signup", "trial_started")).status()).isEqualTo(201);
    }

    @Test
    void anEventTypeWithoutRewardIsRecordedAndListedWithoutCommission() {
        Api.Response lead = recordEvent("{\"event_type\": \"newsletter\", \"affiliate_id\": \"%s\", \"payload\": {\"list\": \"weekly\"}}"
                .formatted(affiliate));
        assertThat(lead.status()).as(lead.body().toString()).isEqualTo(201);
        assertThat(lead.body().get("commissionCents").asLong()).isZero();
        assertThat(lead.body().get("commissionId").isNull()).isTrue();
        Api.Response listed = eventually(() -> api.get("/api/v1/conversions?event_type=newsletter", key),
                r -> r.body().get("data").size() == 1);
        assertThat(listed.body().at("/data/0/source").asString()).isEqualTo("event");
        assertThat(listed.body().at("/data/0/commissionId").isNull()).isTrue();
        assertThat(listed.body().at("/data/0/currency").asString()).isEqualTo("USD");
    }

    @Test
    void eventsKeepTheirCurrencyAndAFlatRewardIsNeverAddedToAnotherCurrency() {
        Api.Response euros = recordEvent("{\"event_type\": \"signup\", \"affiliate_id\": \"%s\", \"amount\": 5000, \"currency\": \"eur\"}"
                .formatted(affiliate));
        assertThat(euros.status()).as(euros.body().toString()).isEqualTo(201);
        assertThat(euros.body().get("commissionCents").asLong()).isEqualTo(500);
        Api.Response commission = eventually(() -> api.get("/api/v1/commissions/" + euros.text("commissionId"), key),
                r -> r.status() == 200);
        assertThat(commission.text("currency")).isEqualTo("EUR");

        Api.Response flatInEuros = recordEvent("{\"event_type\": \"trial_started\", \"affiliate_id\": \"%s\", \"amount\": 5000, \"currency\": \"EUR\"}"
                .formatted(affiliate));
        assertThat(flatInEuros.status()).isEqualTo(422);
        assertThat(flatInEuros.text("detail")).contains("USD", "EUR", "trial_started");
        Api.Response negative = recordEvent("{\"event_type\": \"signup\", \"affiliate_id\": \"%s\", \"amount\": -1}".formatted(affiliate));
        assertThat(negative.status()).isEqualTo(400);
    }

    @Test
    void anIdempotencyKeyReplaysAnEvent() {
        String json = "{\"event_type\": \"signup\", \"affiliate_id\": \"%s\"}".formatted(affiliate);
        HttpRequest.Builder first = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "evt-key-1")
                .POST(HttpRequest.BodyPublishers.ofString(json));
        Api.Response one = api.send(first, key);
        Api.Response two = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/events"))
                .header("Content-Type", "application/json").header("Idempotency-Key", "evt-key-1")
                .POST(HttpRequest.BodyPublishers.ofString(json)), key);
        assertThat(one.status()).isEqualTo(201);
        assertThat(two.status()).isEqualTo(201);
        assertThat(two.text("id")).isEqualTo(one.text("id"));
    }

    static String json(Map<String, ?> fields) {
        return Api.json(fields);
    }
}
