package org.affiliateledger.infra.ops;

import org.affiliateledger.infra.LedgerApplication;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code LEDGER_LOG_FORMAT=json}: every line is a JSON object, and a line written while serving a request carries that
 * request's {@code X-Request-Id} as {@code requestId}.
 */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void jsonLinesCarryTheRequestIdOfTheRequestTheyWereWrittenFor(CapturedOutput output, @TempDir Path data) {
        TestDatabase.Database db = TestDatabase.fresh();
        try (ConfigurableApplicationContext node = new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0",
                "--ledger.log.format=json",
                "--ledger.db.url=" + db.url(),
                "--ledger.db.user=" + db.user(),
                "--ledger.db.password=" + db.password(),
                "--ledger.admin-token=json-logs-admin-token",
                "--ledger.secrets-key=dGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcy1sb25nISE=",
                "--ledger.data-dir=" + data)) {
            Api api = new Api(node.getEnvironment().getRequiredProperty("local.server.port", Integer.class));
            String base = "http://127.0.0.1:" + node.getEnvironment().getRequiredProperty("local.server.port");
            // a rebuild logs a line on the request's thread
            Api.Response rebuild = api.send(HttpRequest.newBuilder(URI.create(base + "/admin/v1/projections/rebuild?name=projections"))
                    .header("X-Request-Id", "req-json-logs-1").POST(HttpRequest.BodyPublishers.noBody()), "json-logs-admin-token");
            assertThat(rebuild.status()).as(rebuild.body().toString()).isEqualTo(202);
            assertThat(rebuild.header("X-Request-Id")).isEqualTo("req-json-logs-1");

            await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Rebuilding projection projections"));
            List<JsonNode> lines = output.getOut().lines()
                    .filter(line -> line.startsWith("{"))
                    .map(JSON::readTree)
                    .toList();
            assertThat(lines).as("JSON lines").isNotEmpty();
            JsonNode rebuilding = lines.stream()
                    .filter(line -> line.path("message").asString("").contains("Rebuilding projection projections"))
                    .findFirst().orElseThrow();
            assertThat(rebuilding.path("requestId").asString("")).isEqualTo("req-json-logs-1");
            assertThat(rebuilding.path("log.level").asString(rebuilding.path("log").path("level").asString(""))).isEqualTo("INFO");
            // lines written outside any request carry none
            assertThat(lines).anySatisfy(line -> assertThat(line.has("requestId")).isFalse());
        } finally {
            // Spring Boot hands the format to the logging system as a JVM-wide system property: later tests log text again
            System.clearProperty("CONSOLE_LOG_STRUCTURED_FORMAT");
        }
    }
}
