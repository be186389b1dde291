package org.affiliateledger.infra.web;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A newcomer's mistakes get a 4xx problem+json with a code and a detail that says what to send: unknown fields (on
 * every endpoint that takes a body), wrong types, wrong content types, over-long URLs and headers, unknown routes.
 */
class StrictInputHttpTest extends LedgerIntegrationTest {
    private static final String SOME_ID = "01hx5v3k8m2n4p6q8r0s2t4v6w";

    @Test
    void aMisspeltFieldIsRefusedWithTheFieldItResemblesAndChangesNothing() {
        String key = onboardMerchant("Misspelt");
        Api.Response refused = api.patch("/api/v1/program", key, "{\"tier_rates\": [\"5\", \"2\"]}");
        assertProblem(refused, 400, "unknown_field");
        assertThat(refused.text("detail")).isEqualTo("unknown field `tier_rates`; did you mean `mlm_tier_rates`?");
        assertThat(eventually(() -> api.get("/api/v1/program", key), r -> r.status() == 200).body().get("mlmTierRates"))
                .isEmpty();

        Api.Response nested = api.patch("/api/v1/program", key, "{\"fraud_rules\": {\"velocity\": {\"enabled\": true, \"max_conversion\": 3}}}");
        assertProblem(nested, 400, "unknown_field");
        assertThat(nested.text("detail")).isEqualTo("unknown field `fraud_rules.velocity.max_conversion`; did you mean `max_conversions`?");

        Api.Response camel = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"aff_" + SOME_ID + "\", \"amountCents\": 4900}");
        assertProblem(camel, 400, "unknown_field");
        assertThat(camel.text("detail")).isEqualTo("unknown field `amountCents`; did you mean `amount_cents`?");

        Api.Response unlike = api.post("/api/v1/affiliates", key, "{\"name\": \"X\", \"email\": \"x@example.com\", \"zodiac\": \"leo\"}");
        assertProblem(unlike, 400, "unknown_field");
        assertThat(unlike.text("detail")).startsWith("unknown field `zodiac`; known fields here: ").contains("display_name", "short_code");
    }

    /** Every operation of the OpenAPI document that takes a JSON body refuses an unknown field. */
    @Test
    void everyEndpointWithAJsonBodyRefusesAnUnknownField() {
        JsonNode paths = api.get("/api/v1/openapi", null).body().get("paths");
        List<String> checked = new ArrayList<>();
        String key = null;
        for (var path : paths.properties()) {
            if (path.getKey().startsWith("/stripe/")) {
                continue; // Stripe's own events: read leniently, Stripe adds fields
            }
            for (var operation : path.getValue().properties()) {
                JsonNode content = operation.getValue().path("requestBody").path("content");
                if (!content.has("application/json")) {
                    continue;
                }
                if (checked.size() % 20 == 0) {
                    key = onboardMerchant("Unknown fields " + checked.size()); // 30 writes a minute per key
                }
                String uri = path.getKey().replaceAll("\\{[^}]+}", "aff_" + SOME_ID);
                String method = operation.getKey().toUpperCase();
                String token = uri.startsWith("/admin/") ? ADMIN_TOKEN : key;
                Api.Response response = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + uri))
                        .header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString("{\"definitely_unknown\": 1}")), token);
                assertThat(response.status()).as("%s %s: %s", method, uri, response.body()).isEqualTo(400);
                assertThat(response.text("code")).as("%s %s", method, uri).isEqualTo("unknown_field");
                assertThat(response.text("detail")).as("%s %s", method, uri).contains("`definitely_unknown`");
                checked.add(method + " " + path.getKey());
            }
        }
        assertThat(checked).as("operations with a JSON body").hasSizeGreaterThan(15)
                .contains("PATCH /api/v1/program", "POST /api/v1/affiliates", "POST /api/v1/conversions", "POST /api/v1/events",
                        "POST /admin/v1/merchants", "POST /api/v1/webhook-endpoints");
    }

    @Test
    void bothDialectsOfTheAffiliateBodyStayAccepted() {
        String key = onboardMerchant("Dialects");
        Api.Response affilut = api.post("/api/v1/affiliates", key, """
                {"name": "Bob Parent", "email": "bob@example.com", "short_code": "bob-parent", "commission_override": "15",
                 "status": "active"}""");
        assertThat(affilut.status()).as(affilut.body().toString()).isEqualTo(201);
        Api.Response cobalz = api.post("/api/v1/affiliates", key, """
                {"email": "alice@example.com", "display_name": "Alice Chen", "slug": "alice-chen", "status": "approved",
                 "custom_commission_rate": 0.20, "parent_email": "bob@example.com"}""");
        assertThat(cobalz.status()).as(cobalz.body().toString()).isEqualTo(201);
        assertThat(api.patch("/api/v1/program", key, "{\"mlm_tier_rates\": [\"5\"], \"hold_days\": 14}").status()).isEqualTo(200);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
            "/api/v1/conversions | {\"affiliate_id\": \"aff_x\", \"amount_cents\": 49.5} | amount_cents must be an integer number of minor units, e.g. 4900",
            "/api/v1/conversions | {\"affiliate_id\": \"aff_x\", \"amount_cents\": \"4900\"} | amount_cents must be an integer number of minor units, e.g. 4900",
            "/api/v1/affiliates | {\"name\": [\"Jane\"], \"email\": \"j@example.com\"} | name must be a string",
            "/api/v1/events | {\"event_type\": \"lead\", \"affiliate_id\": \"aff_x\", \"payload\": [1]} | payload must be a JSON object",
            "/api/v1/api-keys | {\"name\": \"k\", \"scopes\": \"read\"} | scopes must be a JSON array"})
    void aWrongJsonTypeSaysWhatToSend(String path, String body, String detail) {
        Api.Response refused = api.post(path, onboardMerchant("Types"), body);
        assertProblem(refused, 400, "wrong_type");
        assertThat(refused.text("detail")).startsWith(detail);
    }

    @Test
    void aRateGivenAsANumberSaysToSendAPercentString() {
        Api.Response refused = api.patch("/api/v1/program", onboardMerchant("Rate type"), "{\"default_rate\": 12.5}");
        assertProblem(refused, 400, "wrong_type");
        assertThat(refused.text("detail")).isEqualTo("default_rate must be a percent string, e.g. \"12.5\"");
    }

    @Test
    void aBodyThatIsNotAJsonObjectOrNotJsonAtAllIsSaidSo() {
        String key = onboardMerchant("Not JSON");
        Api.Response array = api.post("/api/v1/affiliates", key, "[{\"name\": \"x\"}]");
        assertProblem(array, 400, "malformed_json");
        assertThat(array.text("detail")).contains("must be a JSON object");
        assertProblem(api.post("/api/v1/affiliates", key, "{\"name\": "), 400, "malformed_json");
        Api.Response missing = api.post("/api/v1/affiliates", key, null);
        assertProblem(missing, 400, "missing_body");
        assertThat(missing.text("detail")).contains("Content-Type: application/json");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "multipart/form-data; boundary=xyz | --xyz<CRLF>Content-Disposition: form-data; name=\"name\"<CRLF><CRLF>Jane<CRLF>--xyz--<CRLF>",
            "application/x-www-form-urlencoded | name=Jane&email=jane%40example.com",
            "application/xml | <affiliate><name>Jane</name></affiliate>",
            "text/plain | {\"name\": \"Jane\"}"})
    void aBodyThatIsNotJsonIsA415ThatSaysToSendJson(String contentType, String body) {
        Api.Response refused = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/affiliates"))
                .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body.replace("<CRLF>", "\r\n"))),
                onboardMerchant("Media"));
        assertProblem(refused, 415, "unsupported_media_type");
        assertThat(refused.text("detail")).contains("send Content-Type: application/json").doesNotContain("charset");
    }

    @Test
    void aBodyWithoutContentTypeIsToldWhatToSend() {
        Api.Response refused = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/affiliates"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\": \"Jane\", \"email\": \"j@example.com\"}")), onboardMerchant("No type"));
        assertProblem(refused, 415, "unsupported_media_type");
        assertThat(refused.text("detail")).isEqualTo("the request has no Content-Type: send a JSON body with Content-Type: application/json");
    }

    @Test
    void anOverLongUrlIsA414AndOverLargeHeadersA431BothProblemJson() {
        String key = onboardMerchant("Sizes");
        Api.Response longUrl = api.get("/api/v1/affiliates?status=" + "a".repeat(20_000), key);
        assertProblem(longUrl, 414, "uri_too_long");
        Api.Response bigHeaders = api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/affiliates"))
                .header("X-Padding", "b".repeat(20_000)).GET(), key);
        assertProblem(bigHeaders, 431, "headers_too_large");
    }

    @Test
    void aMalformedRequestTomcatRefusesIsProblemJsonToo() throws IOException {
        String raw = rawExchange("GET /api/v1/aff{iliates HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json")
                .contains("\"code\":\"invalid_request\"").doesNotContain("<html");
    }

    @Test
    void anUnknownRouteIsA404ThatPointsAtTheOpenApiDocument() {
        String key = onboardMerchant("Routes");
        for (String path : List.of("/api/v1/affiliate", "/api/v1/conversions/cnv_" + SOME_ID + "/nope", "/api/v2/affiliates", "/nope")) {
            Api.Response missing = api.get(path, key);
            assertProblem(missing, 404, "route_not_found");
            assertThat(missing.text("detail")).as(path).contains("no route GET " + path).contains("/api/v1/openapi")
                    .doesNotContain("static resource");
        }
        assertProblem(api.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/affiliates"))
                .DELETE(), key), 405, "method_not_allowed");
    }

    @Test
    void aLimitAbove100IsCappedAsTheReadmeSays() {
        Api.Response capped = api.get("/api/v1/affiliates?limit=500", onboardMerchant("Limit"));
        assertThat(capped.status()).isEqualTo(200);
        assertThat(capped.body().get("limit").asInt()).isEqualTo(100);
        assertProblem(api.get("/api/v1/affiliates?limit=0", onboardMerchant("Limit zero")), 400, "invalid_request");
    }

    private static void assertProblem(Api.Response response, int status, String code) {
        assertThat(response.status()).as("%s", response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.text("code")).as("%s", response.body()).isEqualTo(code);
        assertThat(response.text("detail")).isNotBlank();
    }

    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
