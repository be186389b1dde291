package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.db.EmbeddedPostgres;
import org.affiliateledger.infra.LedgerApplication;
import org.affiliateledger.infra.support.Api;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The zero-configuration default: an embedded PostgreSQL under the data directory, kept across restarts. */
class EmbeddedRestartTest {
    private static final String ADMIN = "restart-admin";
    private Path dataDir;

    @AfterEach
    void cleanUp() throws IOException {
        if (dataDir != null) {
            FileSystemUtils.deleteRecursively(dataDir);
        }
    }

    @Test
    void keepsKeysAndDataAcrossARestartOnTheEmbeddedDatabase() throws IOException {
        // where its binaries are: as root, PostgreSQL runs as an account that must reach it (target/ may be out of reach)
        dataDir = Files.createTempDirectory(EmbeddedPostgres.tempDirectory(), "ledger-restart-");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        String key;
        String affiliate;
        String conversion;
        try (ConfigurableApplicationContext first = start()) {
            Api api = new Api(port(first));
            key = api.post("/admin/v1/merchants", ADMIN, Api.json(Map.of("name", "Restart"))).body().get("apiKey").get("key").asString();
            affiliate = api.post("/api/v1/affiliates", key,
                    Api.json(Map.of("name", "Persisted", "email", "p@example.com", "status", "active"))).text("id");
            conversion = api.post("/api/v1/conversions", key,
                    "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 2500, \"external_id\": \"inv_r\"}").text("id");
            assertThat(conversion).startsWith("cnv_");
        }
        assertThat(dataDir.resolve("pg/PG_VERSION")).exists();

        try (ConfigurableApplicationContext second = start()) {
            Api api = new Api(port(second));
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/conversions/" + conversion, key).status() == 200);
            Api.Response read = api.get("/api/v1/conversions/" + conversion, key);
            assertThat(read.text("affiliateId")).isEqualTo(affiliate);
            assertThat(read.body().get("commissionCents").asLong()).isEqualTo(250);
            Api.Response duplicate = api.post("/api/v1/conversions", key,
                    "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 2500, \"external_id\": \"inv_r\"}");
            assertThat(duplicate.status()).isEqualTo(409);
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0", "--ledger.db.url=", "--ledger.data-dir=" + dataDir, "--ledger.admin-token=" + ADMIN);
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
