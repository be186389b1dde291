package org.affiliateledger.infra.openapi;

import org.affiliateledger.command.apikey.ApiKeySecrets;
import org.affiliateledger.infra.openapi.Step.Setup;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.affiliateledger.infra.openapi.Call.delete;
import static org.affiliateledger.infra.openapi.Call.get;
import static org.affiliateledger.infra.openapi.Call.patch;
import static org.affiliateledger.infra.openapi.Call.post;
import static org.affiliateledger.infra.openapi.Step.setup;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

/**
 * The OpenAPI document is the contract, and this test holds the running ledger to it: it calls every documented
 * operation for real, successes and failures, and checks every response against the document (see Conformance).
 * Then it checks the reverse: an operation in the document that no row below exercises fails the build, so a new
 * endpoint needs its rows here — one line per call.
 */
class OpenApiContractTest extends LedgerIntegrationTest {
    private static final String UNKNOWN_AFFILIATE = "aff_01hx5v3k8m2n4p6q8r0s2t4v6w";
    private static final String UNKNOWN_CONVERSION = "cnv_01hx5v3k8m2n4p6q8r0s2t4v6w";
    private static final String UNKNOWN_COMMISSION = "com_01hx5v3k8m2n4p6q8r0s2t4v6w";
    private static final String UNKNOWN_KEY = "key_01hx5v3k8m2n4p6q8r0s2t4v6w";
    private static final String UNKNOWN_MERCHANT = "mer_01hx5v3k8m2n4p6q8r0s2t4v6w";
    private static final String UNKNOWN_ENDPOINT = "whe_01hx5v3k8m2n4p6q8r0s2t4v6w";
    private static final String UNKNOWN_MESSAGE = "msg_01hx5v3k8m2n4p6q8r0s2t4v6w";
    private static final String UNKNOWN_PAYOUT = "pay_01hx5v3k8m2n4p6q8r0s2t4v6w";
    private static final String UNKNOWN_BATCH = "pob_01hx5v3k8m2n4p6q8r0s2t4v6w";
    private static final Pattern VARIABLE = Pattern.compile("\\{\\{(\\w+)}}");

    private final Map<String, String> kept = new HashMap<>();
    private Conformance conformance;
    private OpenApiDocument document;

    private List<Step> scenario() {
        return List.of(
                post("creates a merchant", "/admin/v1/merchants", "{\"name\": \"OpenAPI Contract\"}")
                        .as(ADMIN_TOKEN).expect(201).save("key", "/apiKey/key").save("merchant", "/id"),
                post("refuses a blank merchant name", "/admin/v1/merchants", "{\"name\": \" \"}").as(ADMIN_TOKEN).expect(400),
                post("refuses a wrong operator token", "/admin/v1/merchants", "{\"name\": \"Nobody\"}").as("adm_wrong").expect(401),
                get("lists the projections", "/admin/v1/projections").as(ADMIN_TOKEN),
                get("gives a checksum per read model", "/admin/v1/projections/checksums").as(ADMIN_TOKEN),
                get("refuses checksums without the operator token", "/admin/v1/projections/checksums").as("adm_wrong").expect(401),
                post("re-seals every stored secret with the first key", "/admin/v1/secrets/reseal", null).as(ADMIN_TOKEN),
                post("refuses a re-seal without the operator token", "/admin/v1/secrets/reseal", null).as("adm_wrong").expect(401),
                post("refuses an unknown field in a body", "/admin/v1/merchants", "{\"name\": \"X\", \"nmae\": \"Y\"}")
                        .as(ADMIN_TOKEN).expect(400),
                post("answers 404 for rebuilding an unknown projection", "/admin/v1/projections/rebuild?name=nope", null)
                        .as(ADMIN_TOKEN).expect(404),
                post("issues a read-only key", "/api/v1/api-keys", "{\"name\": \"reporting\", \"scopes\": [\"read\"]}")
                        .expect(201).save("readOnlyKey", "/key").save("readOnlyKeyId", "/id"),
                post("refuses an unknown scope", "/api/v1/api-keys", "{\"name\": \"x\", \"scopes\": [\"root\"]}").expect(400),
                get("lists the merchant's keys", "/api/v1/api-keys"),
                get("reads a key", "/api/v1/api-keys/{{readOnlyKeyId}}"),
                get("answers 404 for an unknown key", "/api/v1/api-keys/" + UNKNOWN_KEY).expect(404),
                get("refuses key management to a read-only key", "/api/v1/api-keys").as("{{readOnlyKey}}").expect(403),
                patch("sets a key's rate limits", "/api/v1/api-keys/{{readOnlyKeyId}}",
                        "{\"rate_limits\": {\"read_per_minute\": 600}}"),
                patch("refuses a zero rate limit", "/api/v1/api-keys/{{readOnlyKeyId}}",
                        "{\"rate_limits\": {\"read_per_minute\": 0}}").expect(400),

                get("reads the program settings", "/api/v1/program"),
                get("refuses a call without a key", "/api/v1/program").as(null).expect(401),
                get("refuses an unknown key", "/api/v1/program").as(ApiKeySecrets.generate().plaintext()).expect(401),
                patch("changes the default rate", "/api/v1/program", "{\"default_rate\": \"12.5\"}"),
                patch("refuses a rate that is not a number", "/api/v1/program", "{\"default_rate\": \"ten\"}").expect(400),
                patch("refuses a key without the admin scope", "/api/v1/program", "{\"default_rate\": \"11\"}")
                        .as("{{readOnlyKey}}").expect(403),

                post("registers an active affiliate", "/api/v1/affiliates",
                        "{\"name\": \"Jane Smith\", \"email\": \"jane@example.com\", \"status\": \"active\"}")
                        .expect(201).save("affiliate", "/id"),
                post("registers a pending affiliate with its own short code and rate", "/api/v1/affiliates",
                        """
                        {"name": "Pat Lee", "email": "pat@example.com", "short_code": "pat-lee", "commission_override": "15"}""")
                        .expect(201).save("pending", "/id"),
                post("refuses a second affiliate with the same email", "/api/v1/affiliates",
                        "{\"name\": \"Jane Again\", \"email\": \"jane@example.com\"}").expect(409),
                post("refuses an affiliate without an email", "/api/v1/affiliates", "{\"name\": \"No Email\"}").expect(400),
                get("lists affiliates by page", "/api/v1/affiliates?page=1&limit=50").until("/data/1"),
                get("lists one affiliate at a time", "/api/v1/affiliates?limit=1")
                        .until("/next_cursor").save("cursor", "/next_cursor"),
                get("continues from a cursor, without a page number", "/api/v1/affiliates?limit=1&cursor={{cursor}}"),
                get("filters affiliates by status", "/api/v1/affiliates?status=pending"),
                get("refuses an unknown status filter", "/api/v1/affiliates?status=retired").expect(400),
                get("reads an affiliate", "/api/v1/affiliates/{{affiliate}}"),
                get("answers 404 for an unknown affiliate", "/api/v1/affiliates/" + UNKNOWN_AFFILIATE).expect(404),
                patch("sets a commission override", "/api/v1/affiliates/{{affiliate}}", "{\"commission_override\": \"20\"}"),
                patch("clears the commission override", "/api/v1/affiliates/{{affiliate}}", "{\"commission_override\": null}"),
                patch("refuses an override above 100 percent", "/api/v1/affiliates/{{affiliate}}",
                        "{\"commission_override\": \"150\"}").expect(400),
                post("approves the pending affiliate", "/api/v1/affiliates/{{pending}}/approve", null),
                post("refuses to approve it twice", "/api/v1/affiliates/{{pending}}/approve", null).expect(409),
                post("pauses it", "/api/v1/affiliates/{{pending}}/pause", null),
                post("resumes it", "/api/v1/affiliates/{{pending}}/resume", null),
                post("suspends it with a reason", "/api/v1/affiliates/{{pending}}/suspend", "{\"reason\": \"chargebacks\"}"),
                post("reinstates it", "/api/v1/affiliates/{{pending}}/reinstate", null),
                post("bans it", "/api/v1/affiliates/{{pending}}/ban", null),
                post("refuses to suspend a banned affiliate", "/api/v1/affiliates/{{pending}}/suspend", null).expect(409),
                post("answers 404 when pausing an unknown affiliate", "/api/v1/affiliates/" + UNKNOWN_AFFILIATE + "/pause", null)
                        .expect(404),

                post("registers an affiliate from the Cobalz body", "/api/v1/affiliates", """
                        {"email": "alice@example.com", "display_name": "Alice Chen", "slug": "alice-chen",
                         "status": "approved", "custom_commission_rate": 0.20}""").expect(201).save("cobalz", "/id"),
                post("registers an affiliate under a parent found by email", "/api/v1/affiliates",
                        "{\"email\": \"ben@example.com\", \"display_name\": \"Ben\", \"parent_email\": \"alice@example.com\"}")
                        .expect(201),
                post("refuses an unknown parent email", "/api/v1/affiliates",
                        "{\"email\": \"cy@example.com\", \"display_name\": \"Cy\", \"parent_email\": \"nobody@example.com\"}")
                        .expect(422),
                post("refuses a body mixing name and display_name", "/api/v1/affiliates",
                        "{\"email\": \"dee@example.com\", \"name\": \"Dee\", \"display_name\": \"D\"}").expect(400),
                get("lists the children of an affiliate", "/api/v1/affiliates?parent_id={{cobalz}}").until("/data/0"),
                // the payout rows at the end write with their own key; the first key still has writes left here
                post("issues a key for the payout rows", "/api/v1/api-keys", "{\"name\": \"payouts\", \"scopes\": [\"*\"]}")
                        .expect(201).save("payoutKey", "/key"),
                // a key may make 30 writes a minute (affilut's limit): the rest of the scenario writes with another one
                post("issues a second full-access key", "/api/v1/api-keys", "{\"name\": \"backend\", \"scopes\": [\"*\"]}")
                        .expect(201).save("key", "/key"),
                post("records a manual conversion", "/api/v1/conversions",
                        "{\"affiliate_id\": \"{{affiliate}}\", \"amount_cents\": 4900, \"external_id\": \"inv_2026_00142\"}")
                        .expect(201).save("conversion", "/id"),
                post("refuses the same external_id twice", "/api/v1/conversions",
                        "{\"affiliate_id\": \"{{affiliate}}\", \"amount_cents\": 4900, \"external_id\": \"inv_2026_00142\"}").expect(409),
                post("records a conversion in euros", "/api/v1/conversions",
                        "{\"affiliate_id\": \"{{affiliate}}\", \"amount_cents\": 1000, \"currency\": \"EUR\"}")
                        .expect(201).save("conversion2", "/id"),
                post("refuses a fractional amount", "/api/v1/conversions",
                        "{\"affiliate_id\": \"{{affiliate}}\", \"amount_cents\": 49.5}").expect(400),
                post("answers 404 for an unknown affiliate's conversion", "/api/v1/conversions",
                        "{\"affiliate_id\": \"" + UNKNOWN_AFFILIATE + "\", \"amount_cents\": 1000}").expect(404),
                post("refuses a conversion for a banned affiliate", "/api/v1/conversions",
                        "{\"affiliate_id\": \"{{pending}}\", \"amount_cents\": 1000}").expect(409),
                get("lists an affiliate's pending conversions", "/api/v1/conversions?affiliate_id={{affiliate}}&status=pending")
                        .until("/data/1"),
                get("caps a limit above 100", "/api/v1/conversions?limit=500"),
                get("reads a conversion", "/api/v1/conversions/{{conversion}}").save("commission", "/commissionId"),
                get("reads the other conversion", "/api/v1/conversions/{{conversion2}}").save("commission2", "/commissionId"),
                get("answers 404 for an unknown conversion", "/api/v1/conversions/" + UNKNOWN_CONVERSION).expect(404),

                get("lists a conversion's commissions", "/api/v1/commissions?conversion_id={{conversion}}").until("/data/0"),
                get("lists an affiliate's pending commissions", "/api/v1/commissions?affiliate_id={{affiliate}}&status=pending")
                        .until("/data/1"),
                get("refuses an unknown commission status", "/api/v1/commissions?status=owed").expect(400),
                get("reads a commission", "/api/v1/commissions/{{commission}}"),
                get("answers 404 for an unknown commission", "/api/v1/commissions/" + UNKNOWN_COMMISSION).expect(404),
                post("approves a commission", "/api/v1/commissions/{{commission}}/approve", null),
                post("refuses to approve it twice", "/api/v1/commissions/{{commission}}/approve", null).expect(409),
                post("voids the approved commission with a reason", "/api/v1/commissions/{{commission}}/void",
                        "{\"reason\": \"refunded\"}"),
                post("rejects the other commission", "/api/v1/commissions/{{commission2}}/reject", null),
                post("refuses to void a rejected commission", "/api/v1/commissions/{{commission2}}/void", null).expect(409),
                post("answers 404 when approving an unknown commission", "/api/v1/commissions/" + UNKNOWN_COMMISSION + "/approve",
                        null).expect(404),
                get("shows the voided commission with its reason", "/api/v1/commissions/{{commission}}").until("/status", "voided"),
                get("shows the rejected commission without a reason", "/api/v1/commissions/{{commission2}}")
                        .until("/status", "rejected"),

                post("records a third conversion", "/api/v1/conversions",
                        "{\"affiliate_id\": \"{{affiliate}}\", \"amount_cents\": 2500}").expect(201).save("conversion3", "/id"),
                get("reads the third conversion", "/api/v1/conversions/{{conversion3}}").save("commission3", "/commissionId"),
                post("approves its commission", "/api/v1/commissions/{{commission3}}/approve", null),
                post("marks it paid with a reference", "/api/v1/commissions/{{commission3}}/pay", "{\"reference\": \"wire-0042\"}"),
                post("refuses to pay it twice", "/api/v1/commissions/{{commission3}}/pay", null).expect(409),

                post("refuses a Stripe event without a signature", "/stripe/webhooks/{{merchant}}", "{\"id\": \"evt_1\"}")
                        .as(null).expect(400),
                post("answers 404 for a Stripe event of an unknown merchant", "/stripe/webhooks/" + UNKNOWN_MERCHANT,
                        "{\"id\": \"evt_1\"}").as(null).expect(404),
                get("serves the checkout snippet without a key", "/snippet.js").as(null),

                post("registers a webhook endpoint", "/api/v1/webhook-endpoints",
                        "{\"url\": \"http://127.0.0.1:9/hooks\", \"event_types\": [\"commission.created\"], \"description\": \"BI\"}")
                        .expect(201).save("endpoint", "/id"),
                post("refuses an unknown event type", "/api/v1/webhook-endpoints",
                        "{\"url\": \"https://example.com/h\", \"event_types\": [\"payout.exploded\"]}").expect(400),
                get("lists webhook endpoints", "/api/v1/webhook-endpoints"),
                get("reads a webhook endpoint with its health", "/api/v1/webhook-endpoints/{{endpoint}}"),
                get("answers 404 for an unknown webhook endpoint", "/api/v1/webhook-endpoints/" + UNKNOWN_ENDPOINT).expect(404),
                patch("changes an endpoint's filter", "/api/v1/webhook-endpoints/{{endpoint}}",
                        "{\"event_types\": [], \"description\": \"everything\"}"),
                post("rotates the signing secret", "/api/v1/webhook-endpoints/{{endpoint}}/rotate-secret", null),
                post("records a conversion for the webhook", "/api/v1/conversions",
                        "{\"affiliate_id\": \"{{affiliate}}\", \"amount_cents\": 700}").expect(201),
                get("lists webhook messages", "/api/v1/webhook-messages?endpoint_id={{endpoint}}")
                        .until("/data/0/id").save("message", "/data/0/id"),
                get("refuses an unknown delivery status", "/api/v1/webhook-messages?status=lost").expect(400),
                get("reads a message with every attempt", "/api/v1/webhook-messages/{{message}}"),
                get("lists the messages created in a time range",
                        "/api/v1/webhook-messages?created_from=2026-01-01T00:00:00Z&created_to=2999-01-01T00:00:00Z").until("/data/0/id"),
                get("refuses a time range that ends before it starts",
                        "/api/v1/webhook-messages?created_from=2030-01-01T00:00:00Z&created_to=2026-01-01T00:00:00Z").expect(400),
                get("lists the webhook event catalog", "/api/v1/webhook-event-types"),
                // the first key's writes are nearly spent (30 a minute): the test event is sent with the payout key
                post("sends a test event", "/api/v1/webhook-endpoints/{{endpoint}}/test", null).as("{{payoutKey}}"),
                get("counts what a recover would re-send", "/api/v1/webhook-endpoints/{{endpoint}}/recoverable?since=2026-01-01T00:00:00Z"),
                get("refuses a recover preview without a time", "/api/v1/webhook-endpoints/{{endpoint}}/recoverable?since=soon").expect(400),
                get("answers 404 for an unknown message", "/api/v1/webhook-messages/" + UNKNOWN_MESSAGE).expect(404),
                post("replays a message to one endpoint", "/api/v1/webhook-messages/{{message}}/replay",
                        "{\"endpoint_id\": \"{{endpoint}}\"}"),
                patch("disables the endpoint", "/api/v1/webhook-endpoints/{{endpoint}}", "{\"enabled\": false}"),
                post("refuses to recover a disabled endpoint", "/api/v1/webhook-endpoints/{{endpoint}}/recover",
                        "{\"since\": \"2026-01-01T00:00:00Z\"}").expect(409),
                patch("enables it again", "/api/v1/webhook-endpoints/{{endpoint}}", "{\"enabled\": true}"),
                post("recovers what failed or was parked", "/api/v1/webhook-endpoints/{{endpoint}}/recover",
                        "{\"since\": \"2026-01-01T00:00:00Z\"}"),
                post("refuses a recover time that is not a time", "/api/v1/webhook-endpoints/{{endpoint}}/recover",
                        "{\"since\": \"yesterday\"}").expect(400),
                delete("deletes the endpoint", "/api/v1/webhook-endpoints/{{endpoint}}").expect(204),
                get("no longer finds the deleted endpoint", "/api/v1/webhook-endpoints/{{endpoint}}").expect(404),

                // links, events and fraud flags: a merchant of their own, so its key has its own write budget
                post("creates a merchant for links and events", "/admin/v1/merchants", "{\"name\": \"Links\"}")
                        .as(ADMIN_TOKEN).expect(201).save("linksKey", "/apiKey/key").save("linksMerchant", "/id"),
                patch("sets the landing URL and an event reward", "/api/v1/program", """
                        {"landing_url": "https://shop.example/start?x=1", "hold_days": 0,
                         "event_rewards": {"trial_started": {"flat_amount_cents": 500}}}""").as("{{linksKey}}"),
                post("registers an affiliate with a link", "/api/v1/affiliates",
                        "{\"name\": \"Link Sharer\", \"email\": \"links@example.com\", \"short_code\": \"oa-link-sharer\", \"status\": \"active\"}")
                        .as("{{linksKey}}").expect(201).save("linkAffiliate", "/id"),
                get("follows an affiliate link", "/r/{{linksMerchant}}/oa-link-sharer").as(null).expect(302),
                get("follows an affiliate link by its short code alone", "/r/oa-link-sharer").as(null).expect(302),
                get("answers 404 for a short code no program uses", "/r/no-such-code-anywhere").as(null).expect(404),
                get("answers 404 for a program without landing URL", "/r/" + UNKNOWN_MERCHANT + "/oa-link-sharer").as(null).expect(404),
                get("counts an affiliate's clicks", "/api/v1/affiliates/{{linkAffiliate}}/clicks?days=7").as("{{linksKey}}")
                        .until("/daily/0"),
                get("refuses a click window above a year", "/api/v1/affiliates/{{linkAffiliate}}/clicks?days=400")
                        .as("{{linksKey}}").expect(400),
                get("answers 404 for an unknown affiliate's clicks", "/api/v1/affiliates/" + UNKNOWN_AFFILIATE + "/clicks")
                        .as("{{linksKey}}").expect(404),
                post("records an event a fraud rule flags (self-referral)", "/api/v1/events", """
                        {"event_type": "trial_started", "external_id": "sub_1", "affiliate_id": "{{linkAffiliate}}",
                         "customer_email": "links@example.com", "payload": {"plan": "growth"}}""")
                        .as("{{linksKey}}").expect(201).save("eventCommission", "/commissionId"),
                post("refuses the same event twice", "/api/v1/events",
                        "{\"event_type\": \"trial_started\", \"external_id\": \"sub_1\", \"affiliate_id\": \"{{linkAffiliate}}\"}")
                        .as("{{linksKey}}").expect(409),
                post("refuses an event with an unknown click session", "/api/v1/events",
                        "{\"event_type\": \"lead\", \"cookie_id\": \"ses_01hx5v3k8m2n4p6q8r0s2t4v6w\"}").as("{{linksKey}}").expect(422),
                post("answers 404 for an unknown affiliate's event", "/api/v1/events",
                        "{\"event_type\": \"lead\", \"affiliate_id\": \"" + UNKNOWN_AFFILIATE + "\"}").as("{{linksKey}}").expect(404),
                get("lists events by type", "/api/v1/conversions?source=event&event_type=trial_started").as("{{linksKey}}")
                        .until("/data/0"),
                get("lists flagged commissions", "/api/v1/commissions?flagged=true").as("{{linksKey}}").until("/data/0"),
                get("lists the conversions a fraud rule fired on", "/api/v1/conversions?flagged=true").as("{{linksKey}}")
                        .until("/data/0"),
                get("refuses a flagged filter that is not true or false", "/api/v1/conversions?flagged=maybe")
                        .as("{{linksKey}}").expect(400),
                get("lists the commissions of event conversions", "/api/v1/commissions?source=event").as("{{linksKey}}")
                        .until("/data/0"),
                get("refuses an unknown commission source", "/api/v1/commissions?source=click").as("{{linksKey}}").expect(400),
                post("refuses to approve a flagged commission", "/api/v1/commissions/{{eventCommission}}/approve", null)
                        .as("{{linksKey}}").expect(409),
                post("clears a commission's fraud flag", "/api/v1/commissions/{{eventCommission}}/clear-flag",
                        "{\"note\": \"reviewed: a colleague's own trial\"}").as("{{linksKey}}"),
                post("refuses to clear a flag that is not there", "/api/v1/commissions/{{eventCommission}}/clear-flag", null)
                        .as("{{linksKey}}").expect(409),

                // one truth per fact (issue 12): a merchant of its own, so its key has its own write budget
                post("creates a merchant in euros", "/admin/v1/merchants", "{\"name\": \"Truth\", \"currency\": \"EUR\"}")
                        .as(ADMIN_TOKEN).expect(201).save("truthKey", "/apiKey/key").save("truthKeyId", "/apiKey/id")
                        .save("truthMerchant", "/id"),
                get("lists merchants", "/admin/v1/merchants?limit=2").as(ADMIN_TOKEN).until("/next_cursor"),
                post("issues a key for a merchant as the operator", "/admin/v1/merchants/{{truthMerchant}}/api-keys",
                        "{\"name\": \"recovery\", \"scopes\": [\"admin\"]}").as(ADMIN_TOKEN).expect(201)
                        .save("operatorKeyId", "/id"),
                post("answers 404 for a key of an unknown merchant", "/admin/v1/merchants/" + UNKNOWN_MERCHANT + "/api-keys",
                        "{\"name\": \"recovery\", \"scopes\": [\"*\"]}").as(ADMIN_TOKEN).expect(404),
                patch("changes the program currency and a partial fraud rule", "/api/v1/program", """
                        {"currency": "USD", "event_rewards": {"signup": {"flat_amount_cents": 200}},
                         "fraud_rules": {"velocity": {"max_conversions": 10}}}""").as("{{truthKey}}"),
                post("registers an affiliate with a short code", "/api/v1/affiliates", """
                        {"name": "Sam Short", "email": "sam@example.com", "short_code": "oa-sam-short", "status": "active"}""")
                        .as("{{truthKey}}").expect(201).save("sam", "/id"),
                post("registers another affiliate", "/api/v1/affiliates", "{\"name\": \"Tia\", \"email\": \"tia@example.com\"}")
                        .as("{{truthKey}}").expect(201),
                patch("renames and re-emails an affiliate", "/api/v1/affiliates/{{sam}}",
                        "{\"name\": \"Sam New\", \"email\": \"sam.new@example.com\"}").as("{{truthKey}}"),
                patch("sets an override in the Cobalz spelling", "/api/v1/affiliates/{{sam}}",
                        "{\"custom_commission_rate\": 0.2}").as("{{truthKey}}"),
                patch("refuses an email another affiliate has", "/api/v1/affiliates/{{sam}}",
                        "{\"email\": \"tia@example.com\"}").as("{{truthKey}}").expect(409),
                patch("refuses to change a short code", "/api/v1/affiliates/{{sam}}", "{\"short_code\": \"oa-other\"}")
                        .as("{{truthKey}}").expect(400),
                get("finds an affiliate by email", "/api/v1/affiliates?email=SAM.NEW@example.com").as("{{truthKey}}")
                        .until("/data/0"),
                get("finds an affiliate by short code", "/api/v1/affiliates?short_code=oa-sam-short").as("{{truthKey}}")
                        .until("/data/0"),
                post("records a conversion naming the affiliate by short code", "/api/v1/conversions",
                        "{\"affiliate_id\": \"OA-SAM-SHORT\", \"amount_cents\": 5000}").as("{{truthKey}}").expect(201)
                        .save("truthConversion", "/id").save("truthCommission", "/commissionId"),
                get("reads the conversion just recorded", "/api/v1/conversions/{{truthConversion}}").as("{{truthKey}}"),
                get("lists conversions by short code", "/api/v1/conversions?affiliate_id=oa-sam-short").as("{{truthKey}}")
                        .until("/data/0"),
                post("records an event naming the affiliate by short code", "/api/v1/events",
                        "{\"event_type\": \"signup\", \"affiliate_id\": \"oa-sam-short\"}").as("{{truthKey}}").expect(201),
                patch("refuses to change the currency once a conversion is in it", "/api/v1/program", "{\"currency\": \"GBP\"}")
                        .as("{{truthKey}}").expect(409),
                post("approves the commission just created", "/api/v1/commissions/{{truthCommission}}/approve", null)
                        .as("{{truthKey}}"),
                post("pays it with an external reference", "/api/v1/commissions/{{truthCommission}}/pay",
                        "{\"external_reference\": \"wire-77\"}").as("{{truthKey}}"),
                get("lists commissions by short code", "/api/v1/commissions?affiliate_id=oa-sam-short").as("{{truthKey}}")
                        .until("/data/1/externalReference"),
                get("lists payouts by short code", "/api/v1/payouts?affiliate_id=oa-sam-short").as("{{truthKey}}"),
                delete("revokes the operator's key", "/api/v1/api-keys/{{operatorKeyId}}").as("{{truthKey}}"),
                delete("refuses to revoke the last admin key", "/api/v1/api-keys/{{truthKeyId}}").as("{{truthKey}}").expect(409),

                get("shows the key's audit log", "/api/v1/api-keys/{{readOnlyKeyId}}/audit").until("/data/0"),
                delete("revokes the read-only key", "/api/v1/api-keys/{{readOnlyKeyId}}"),
                delete("refuses to revoke it twice", "/api/v1/api-keys/{{readOnlyKeyId}}").expect(409),
                get("refuses the revoked key", "/api/v1/program").as("{{readOnlyKey}}").expect(401),

                post("switches to a fresh key for payouts", "/api/v1/api-keys", "{\"name\": \"finance\", \"scopes\": [\"*\"]}")
                        .as("{{payoutKey}}").expect(201).save("key", "/key"),
                post("records a tax form", "/api/v1/affiliates/{{affiliate}}/tax-form",
                        "{\"form_type\": \"W-9\", \"received_on\": \"2026-01-05\"}"),
                post("refuses a tax form received in the future", "/api/v1/affiliates/{{affiliate}}/tax-form",
                        "{\"form_type\": \"W-9\", \"received_on\": \"2999-01-01\"}").expect(400),
                post("refuses a tax form of a banned affiliate", "/api/v1/affiliates/{{pending}}/tax-form",
                        "{\"form_type\": \"W-8BEN\", \"received_on\": \"2026-01-05\"}").expect(409),
                post("answers 404 for an unknown affiliate's tax form", "/api/v1/affiliates/" + UNKNOWN_AFFILIATE + "/tax-form",
                        "{\"form_type\": \"W-9\", \"received_on\": \"2026-01-05\"}").expect(404),
                get("shows the tax form on the affiliate", "/api/v1/affiliates/{{affiliate}}").until("/taxForm/formType", "W-9"),
                post("records a conversion to pay out", "/api/v1/conversions",
                        "{\"affiliate_id\": \"{{affiliate}}\", \"amount_cents\": 9000}").expect(201).save("conversion4", "/id"),
                get("reads the conversion to pay out", "/api/v1/conversions/{{conversion4}}").save("commission4", "/commissionId"),
                post("approves the commission to pay out", "/api/v1/commissions/{{commission4}}/approve", null),
                post("creates a payout", "/api/v1/payouts", "{\"affiliate_id\": \"{{affiliate}}\"}")
                        .expect(201).save("payout", "/id"),
                post("refuses a payout with nothing left to pay", "/api/v1/payouts", "{\"affiliate_id\": \"{{affiliate}}\"}")
                        .expect(422),
                post("answers 404 for a payout of an unknown affiliate", "/api/v1/payouts",
                        "{\"affiliate_id\": \"" + UNKNOWN_AFFILIATE + "\"}").expect(404),
                post("refuses a payout without an affiliate", "/api/v1/payouts", "{}").expect(400),
                get("lists created payouts", "/api/v1/payouts?status=created&affiliate_id={{affiliate}}").until("/data/0"),
                get("refuses an unknown payout status", "/api/v1/payouts?status=lost").expect(400),
                get("reads a payout", "/api/v1/payouts/{{payout}}"),
                get("answers 404 for an unknown payout", "/api/v1/payouts/" + UNKNOWN_PAYOUT).expect(404),
                get("shows the commission reserved for the payout", "/api/v1/commissions/{{commission4}}").until("/payoutId"),
                post("refuses to mark a created payout paid", "/api/v1/payouts/{{payout}}/paid", null).expect(409),
                post("marks the payout sent", "/api/v1/payouts/{{payout}}/sent", "{\"external_reference\": \"po_123\"}"),
                post("marks the payout paid", "/api/v1/payouts/{{payout}}/paid", null),
                post("refuses to mark a paid payout failed", "/api/v1/payouts/{{payout}}/failed", "{\"reason\": \"late\"}")
                        .expect(409),
                post("answers 404 when sending an unknown payout", "/api/v1/payouts/" + UNKNOWN_PAYOUT + "/sent", null).expect(404),
                post("records a conversion for a batch", "/api/v1/conversions",
                        "{\"affiliate_id\": \"{{affiliate}}\", \"amount_cents\": 5000}").expect(201).save("conversion5", "/id"),
                get("reads the batch's conversion", "/api/v1/conversions/{{conversion5}}").save("commission5", "/commissionId"),
                post("approves the batch's commission", "/api/v1/commissions/{{commission5}}/approve", null),
                post("creates a payout batch", "/api/v1/payouts/batches", "{\"currency\": \"USD\"}")
                        .expect(201).save("batch", "/batchId").save("batchPayout", "/payouts/0/id"),
                post("refuses a batch in an unknown currency", "/api/v1/payouts/batches", "{\"currency\": \"XXY\"}").expect(400),
                get("exports the batch as CSV", "/api/v1/payouts/batches/{{batch}}/export.csv"),
                get("answers 404 for an unknown batch", "/api/v1/payouts/batches/" + UNKNOWN_BATCH + "/export.csv").expect(404),
                post("marks the batch's payout failed", "/api/v1/payouts/{{batchPayout}}/failed", "{\"reason\": \"account closed\"}"),
                // finance: balances on two time axes and statements
                get("reads an affiliate's balance", "/api/v1/affiliates/{{affiliate}}/balance").until("/balances/0/paid"),
                get("reads an affiliate's balance as of a date as known at another",
                        "/api/v1/affiliates/{{affiliate}}/balance?as_of=2026-03-31T23:59:59Z&known_at=2026-04-01T00:00:00Z&currency=USD"),
                get("refuses a balance as of the future", "/api/v1/affiliates/{{affiliate}}/balance?as_of=2999-01-01T00:00:00Z")
                        .expect(400),
                get("answers 404 for an unknown affiliate's balance", "/api/v1/affiliates/" + UNKNOWN_AFFILIATE + "/balance")
                        .expect(404),
                get("lists balances", "/api/v1/balances?limit=1&currency=USD&min_outstanding=0").until("/data/0"),
                get("refuses a balance in an unknown currency", "/api/v1/balances?currency=XXY").expect(400),
                get("reads the program's totals per currency", "/api/v1/balances/totals?known_at=2026-01-01T00:00:00Z"),
                get("refuses totals at an instant that is not one", "/api/v1/balances/totals?as_of=soon").expect(400),
                get("reads an affiliate's statement", "/api/v1/affiliates/{{affiliate}}/statement?currency=USD&from=2026-01-01T00:00:00Z"),
                get("refuses a statement whose period ends before it starts",
                        "/api/v1/affiliates/{{affiliate}}/statement?currency=USD&from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")
                        .expect(400),
                get("answers 404 for an unknown affiliate's statement", "/api/v1/affiliates/" + UNKNOWN_AFFILIATE + "/statement")
                        .expect(404),
                get("exports an affiliate's statement as CSV", "/api/v1/affiliates/{{affiliate}}/statement.csv?currency=USD"),
                get("answers 404 for an unknown affiliate's statement as CSV",
                        "/api/v1/affiliates/" + UNKNOWN_AFFILIATE + "/statement.csv").expect(404),

                // the audit trail
                get("lists the history", "/api/v1/history?limit=5").until("/data/4"),
                get("filters the history by type and recorded time",
                        "/api/v1/history?type=commission.approved&resource_type=commission&from=2026-01-01T00:00:00Z")
                        .until("/data/0").save("historyCorrelation", "/data/0/correlationId"),
                get("filters the history by actor and chain of causes",
                        "/api/v1/history?actor=admin&correlation_id={{historyCorrelation}}&to=2999-01-01T00:00:00Z"),
                get("refuses an unknown history filter", "/api/v1/history?colour=red").expect(400),
                get("refuses a history cursor the API did not issue", "/api/v1/history?cursor=abc").expect(400),
                get("shows an affiliate's history", "/api/v1/affiliates/{{affiliate}}/history?type=affiliate.registered"),
                get("answers 404 for an unknown affiliate's history", "/api/v1/affiliates/" + UNKNOWN_AFFILIATE + "/history")
                        .expect(404),
                get("shows a conversion's history", "/api/v1/conversions/{{conversion}}/history"),
                get("shows a commission's history", "/api/v1/commissions/{{commission}}/history?limit=2")
                        .save("commissionCreatedAt", "/data/0/recordedAt"),
                get("shows a payout's history", "/api/v1/payouts/{{payout}}/history").until("/data/2"),
                get("reads the hash chain's head", "/api/v1/history/head"),
                get("reconciles Stripe, commissions and payouts", "/api/v1/reconciliation?currency=USD&from=2026-01-01T00:00:00Z")
                        .until("/currencies/0").save("reconciledAt", "/currencies/0/currency"),
                get("reconciles again at a stated position", "/api/v1/reconciliation?at_position=1&to=2999-01-01T00:00:00Z"),
                get("exports the reconciliation as CSV", "/api/v1/reconciliation.csv?at_position=1"),
                get("refuses a reconciliation beyond the head", "/api/v1/reconciliation?at_position=" + Long.MAX_VALUE).expect(400),
                get("refuses a reversed reconciliation period",
                        "/api/v1/reconciliation.csv?from=2026-03-31T00:00:00Z&to=2026-03-01T00:00:00Z").expect(400),
                get("exports the history for an auditor", "/api/v1/history/export?from=2026-01-01T00:00:00Z"),
                get("reads a commission as it stood at an instant", "/api/v1/commissions/{{commission}}?as_of={{commissionCreatedAt}}"),
                get("answers 404 for a commission before it existed", "/api/v1/commissions/{{commission}}?as_of=2000-01-01T00:00:00Z")
                        .expect(404),
                get("refuses an instant in the future", "/api/v1/commissions/{{commission}}?as_of=2999-01-01T00:00:00Z").expect(400),
                get("reads a conversion as it stood at an instant", "/api/v1/conversions/{{conversion}}?as_of={{commissionCreatedAt}}"),
                get("reads an affiliate as it stood at an instant", "/api/v1/affiliates/{{affiliate}}?as_of={{commissionCreatedAt}}"),
                get("reads a payout as it stood at an instant", "/api/v1/payouts/{{payout}}?as_of=2026-01-01T00:00:00Z").expect(404),
                post("verifies the hash chain", "/admin/v1/history/verify", "{}").as(ADMIN_TOKEN),
                post("verifies a range of the chain", "/admin/v1/history/verify", "{\"from\": 1, \"to\": 10}").as(ADMIN_TOKEN),
                post("refuses a reversed verify range", "/admin/v1/history/verify", "{\"from\": 10, \"to\": 1}")
                        .as(ADMIN_TOKEN).expect(400),
                post("marks a payout paid at a given time", "/api/v1/payouts/{{payout}}/paid", "{\"paid_at\": \"2026-01-01T00:00:00Z\"}")
                        .expect(409));
    }

    @TestFactory
    Stream<DynamicTest> everyDocumentedOperationAnswersAsDocumented() {
        Api.Response served = api.get("/api/v1/openapi", null);
        assertThat(served.status()).isEqualTo(200);
        document = new OpenApiDocument(served.raw().body());
        conformance = new Conformance(document);
        Stream<DynamicTest> calls = scenario().stream().map(step -> dynamicTest(step.toString(), () -> {
            if (step instanceof Call call) {
                run(call);
            } else if (step instanceof Setup setup) {
                setup.action().run();
            }
        }));
        return Stream.concat(calls, Stream.of(dynamicTest("every documented operation was exercised", this::allExercised)));
    }

    private void run(Call call) {
        String path = fill(call.path());
        String body = fill(call.body());
        Api.Response response = send(call, path, body);

        assertThat(response.status()).as("%s answered %s", call, response.raw().body()).isEqualTo(call.expected());
        // kept before the check, so one broken response fails one row, not every row after it
        call.saves().forEach((variable, pointer) -> {
            JsonNode value = response.body().at(pointer);
            assertThat(value.isString()).as("%s at %s of %s", variable, pointer, response.body()).isTrue();
            kept.put(variable, value.asString());
        });
        assertThat(conformance.violations(call.method(), response.raw().uri(), body, response.raw()))
                .as("%s breaks the OpenAPI document", call).isEmpty();
    }

    private Api.Response send(Call call, String path, String body) {
        String token = fill(call.token());
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (true) {
            Api.Response response = switch (call.method()) {
                case "GET" -> api.get(path, token);
                case "POST" -> api.post(path, token, body);
                case "PATCH" -> api.patch(path, token, body);
                case "DELETE" -> api.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + port + path)).DELETE(), token);
                default -> throw new IllegalArgumentException(call.method());
            };
            if (!"GET".equals(call.method()) || ready(call, response) || Instant.now().isAfter(deadline)) {
                return response;
            }
            sleep();
        }
    }

    private static boolean ready(Call call, Api.Response response) {
        if (response.status() != call.expected()) {
            return false;
        }
        if (call.readyPointer() == null) {
            return true;
        }
        JsonNode value = response.body().at(call.readyPointer());
        return !value.isMissingNode() && !value.isNull()
                && (call.readyValue() == null || call.readyValue().equals(value.asString()));
    }

    private void allExercised() {
        Set<String> missing = document.operations().stream().map(OpenApiDocument.Operation::key)
                .filter(key -> !conformance.exercised().contains(key))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(missing).as("documented operations no row of OpenApiContractTest.scenario() calls").isEmpty();
    }


    private String fill(String text) {
        if (text == null) {
            return null;
        }
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder filled = new StringBuilder();
        while (matcher.find()) {
            String value = kept.get(matcher.group(1));
            assertThat(value).as("{{%s}} was not kept by an earlier row", matcher.group(1)).isNotNull();
            matcher.appendReplacement(filled, Matcher.quoteReplacement(value));
        }
        return matcher.appendTail(filled).toString();
    }

    private static void sleep() {
        try {
            Thread.sleep(25);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
