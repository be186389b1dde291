package org.affiliateledger.infra.history;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code GET /api/v1/history/export}: the auditor's NDJSON bundle, checked here line by line exactly as the README says,
 * and by the README's own script ({@code tools/check-history-export.sh}), which also refuses an altered bundle.
 */
class HistoryExportHttpTest extends LedgerIntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Path SCRIPT = Path.of("..", "tools", "check-history-export.sh");

    @Test
    void streamsTheMerchantsLinkedEventsWithWhatItTakesToRecomputeEachLink(@TempDir Path dir) throws Exception {
        String key = onboardMerchant("Export");
        String affiliate = activeAffiliate(key, "Ex Port");
        String conversion = api.post("/api/v1/conversions", key, "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 3300}")
                .text("id");
        long last = eventually(() -> api.get("/api/v1/history?resource_type=commission", key), History.hasTypes("commission.created"))
                .body().get("data").get(0).get("position").asLong();
        eventually(() -> api.get("/api/v1/history/head", key), r -> r.body().get("position").asLong() >= last);

        HttpResponse<String> exported = export("/api/v1/history/export", key);
        assertThat(exported.statusCode()).isEqualTo(200);
        assertThat(exported.headers().firstValue("Content-Type").orElseThrow()).startsWith("application/x-ndjson");
        List<String> lines = exported.body().lines().toList();
        List<JsonNode> events = lines.subList(0, lines.size() - 1).stream().map(JSON::readTree).toList();
        JsonNode summary = JSON.readTree(lines.get(lines.size() - 1)).get("summary");

        assertThat(events).extracting(e -> e.get("type").asString()).containsExactly("program.created", "api_key.issued",
                "affiliate.registered", "affiliate.approved", "program.currency_locked", "conversion.recorded",
                "commission.created");
        assertThat(events).extracting(e -> e.get("resourceId").asString()).contains(conversion);
        assertThat(summary.get("count").asLong()).isEqualTo(events.size());
        assertThat(summary.get("firstPosition").asLong()).isEqualTo(events.get(0).get("position").asLong());
        assertThat(summary.get("lastPosition").asLong()).isEqualTo(last);
        assertThat(summary.get("previousHash").asString()).isEqualTo(events.get(0).get("chain").get("previousHash").asString());
        assertThat(summary.get("lastHash").asString()).isEqualTo(events.get(events.size() - 1).get("chainHash").asString());
        assertThat(summary.get("head").get("position").asLong()).isGreaterThanOrEqualTo(last);
        for (JsonNode event : events) {
            JsonNode chain = event.get("chain");
            String canonical = chain.get("canonical").asString();
            String[] fields = canonical.split("\n");
            assertThat(fields[0]).isEqualTo("ledger-chain/v1");
            assertThat(fields[1]).isEqualTo(event.get("position").asString());
            assertThat(fields[2]).isEqualTo(event.get("id").asString());
            assertThat(sha256((chain.get("previousHash").asString() + canonical).getBytes(StandardCharsets.UTF_8)))
                    .as("the link of %s", event.get("type")).isEqualTo(event.get("chainHash").asString());
            assertThat(sha256(Base64.getDecoder().decode(chain.get("metadata").asString()))).isEqualTo(fields[8]);
            if ("api_key.issued".equals(event.get("type").asString())) {
                assertThat(chain.get("payload").isNull()).as("a payload with a secret is left out").isTrue();
                assertThat(event.get("data").get("secretHash").asString()).isEqualTo("[redacted]");
            } else {
                byte[] payload = Base64.getDecoder().decode(chain.get("payload").asString());
                assertThat(sha256(payload)).isEqualTo(fields[7]);
                assertThat(JSON.readTree(payload)).isEqualTo(event.get("data"));
            }
        }
        // consecutive positions of this merchant chain into each other
        for (int i = 1; i < events.size(); i++) {
            if (events.get(i).get("position").asLong() == events.get(i - 1).get("position").asLong() + 1) {
                assertThat(events.get(i).get("chain").get("previousHash").asString())
                        .isEqualTo(events.get(i - 1).get("chainHash").asString());
            }
        }

        // the README's check, as an auditor would run it
        assumeTrue(has("bash") && has("jq") && has("sha256sum") && has("base64"),
                "bash, jq, sha256sum and base64 are needed to run tools/check-history-export.sh; the checks above did the same");
        Path bundle = dir.resolve("history.ndjson");
        Files.writeString(bundle, exported.body());
        Run ok = run(bundle);
        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).startsWith("OK: " + events.size() + " events");

        Path altered = dir.resolve("altered.ndjson");
        Files.writeString(altered, exported.body().replace("\"amountCents\":3300", "\"amountCents\":3900"));
        Run refused = run(altered);
        assertThat(refused.exit()).as(refused.output()).isNotZero();
        assertThat(refused.output()).contains("data differs from the linked payload");

        Path cut = dir.resolve("cut.ndjson");
        Files.write(cut, lines.subList(0, lines.size() - 2));
        assertThat(run(cut).exit()).as("a bundle without its summary").isNotZero();
    }

    @Test
    void exportsOnlyTheRecordedTimesAskedFor() throws Exception {
        String key = onboardMerchant("Export window");
        String affiliate = activeAffiliate(key, "Win Dow");
        JsonNode approved = History.one(eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/history", key),
                History.hasTypes("affiliate.approved")).body().get("data").valueStream().toList(), "affiliate.approved");
        eventually(() -> api.get("/api/v1/history/head", key), r -> r.body().get("position").asLong() >= approved.get("position").asLong());
        String at = approved.get("recordedAt").asString();
        List<String> lines = export("/api/v1/history/export?from=" + History.q(at) + "&to=" + History.q(at), key)
                .body().lines().toList();
        assertThat(lines.stream().filter(line -> line.contains("\"affiliate.approved\"")).count()).isEqualTo(1);
        assertThat(lines).noneMatch(line -> line.contains("\"program.created\""));
        assertThat(JSON.readTree(lines.get(lines.size() - 1)).get("summary").get("count").asLong()).isEqualTo(lines.size() - 1);
    }

    @Test
    void theReadmeShowsTheScriptTheTestsRun() throws IOException {
        String readme = Files.readString(Path.of("..", "README.md"));
        String script = Files.readString(SCRIPT);
        assertThat(readme).contains(script.strip());
    }

    /** The export as text (the test client reads only JSON bodies). */
    private HttpResponse<String> export(String path, String key) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private record Run(int exit, String output) {
    }

    private static Run run(Path bundle) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("bash", SCRIPT.toAbsolutePath().toString(), bundle.toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }

    private static boolean has(String command) {
        try {
            Process process = new ProcessBuilder("bash", "-c", "command -v " + command).start();
            return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
