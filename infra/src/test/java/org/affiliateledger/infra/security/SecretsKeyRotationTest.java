package org.affiliateledger.infra.security;

import org.affiliateledger.command.support.SecretsCipher;
import org.affiliateledger.infra.LedgerApplication;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.StripeEvents;
import org.affiliateledger.infra.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key rotation as an operator does it, on one database across restarts: secrets sealed with key A (one of them in the
 * format from before key ids, as an existing database has it), restart with {@code LEDGER_SECRETS_KEY=B,A}, re-seal,
 * restart with {@code B} alone — everything still opens.
 */
class SecretsKeyRotationTest {
    private static final String ADMIN = "rotation-admin-token";
    private static final String KEY_A = Base64.getEncoder().encodeToString(bytes(1));
    private static final String KEY_B = Base64.getEncoder().encodeToString(bytes(2));
    private static final String STRIPE_SECRET = "whsec_rotationTest0123456789";

    private final TestDatabase.Database db = TestDatabase.fresh();

    @Test
    void sealedWithAOpensWithBAndAThenWithBAloneAfterAReseal() throws Exception {
        String merchant;
        String webhookSecret;
        try (ConfigurableApplicationContext ledger = start(KEY_A)) {
            Api api = api(ledger);
            String key = api.post("/admin/v1/merchants", ADMIN, Api.json(Map.of("name", "Rotation"))).body()
                    .get("apiKey").get("key").asString();
            merchant = api.get("/api/v1/program", key).text("merchantId");
            assertThat(api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", STRIPE_SECRET,
                    "stripe_api_key", "rk_test_rotation0123456789"))).status()).isEqualTo(200);
            Api.Response endpoint = api.post("/api/v1/webhook-endpoints", key,
                    Api.json(Map.of("url", "https://hooks.example.com/ledger")));
            assertThat(endpoint.status()).as(endpoint.body().toString()).isEqualTo(201);
            webhookSecret = endpoint.text("secret");
        }
        String idA = SecretsCipher.keyId(Base64.getDecoder().decode(KEY_A));
        String idB = SecretsCipher.keyId(Base64.getDecoder().decode(KEY_B));
        assertThat(sealedValues()).isNotEmpty().allMatch(sealed -> sealed.startsWith("v2:" + idA + ":"));
        // an existing database holds values sealed before key ids existed: the same ciphertext without the prefix
        execute("UPDATE merchant_secret SET sealed = substring(sealed from length('v2:" + idA + ":') + 1) "
                + "WHERE name = 'stripe_webhook_secret'");

        try (ConfigurableApplicationContext ledger = start(KEY_B + "," + KEY_A)) {
            Api api = api(ledger);
            assertThat(stripeEventAccepted(api, ledger, merchant)).as("old-format value opens with A among the keys").isTrue();

            Api.Response resealed = api.post("/admin/v1/secrets/reseal", ADMIN, null);
            assertThat(resealed.status()).isEqualTo(200);
            assertThat(resealed.text("sealingKeyId")).isEqualTo(idB);
            assertThat(resealed.body().get("keyIds").toString()).contains(idB, idA);
            assertThat(resealed.body().get("merchantSecrets").get("resealed").asInt()).isEqualTo(2);
            assertThat(resealed.body().get("webhookSecrets").get("resealed").asInt()).isEqualTo(1);
            assertThat(resealed.body().get("complete").asBoolean()).isTrue();

            Api.Response again = api.post("/admin/v1/secrets/reseal", ADMIN, null);
            assertThat(again.body().get("merchantSecrets").get("resealed").asInt()).isZero();
            assertThat(again.body().get("merchantSecrets").get("alreadyCurrent").asInt()).isEqualTo(2);
            assertThat(again.body().get("webhookSecrets").get("alreadyCurrent").asInt()).isEqualTo(1);
        }
        assertThat(sealedValues()).allMatch(sealed -> sealed.startsWith("v2:" + idB + ":"));

        try (ConfigurableApplicationContext ledger = start(KEY_B)) {
            assertThat(stripeEventAccepted(api(ledger), ledger, merchant)).as("B alone opens the Stripe secret").isTrue();
        }
        SecretsCipher onlyB = new SecretsCipher(Base64.getDecoder().decode(KEY_B));
        assertThat(onlyB.open(sealedValue("SELECT sealed FROM merchant_secret WHERE name = 'stripe_webhook_secret'"),
                merchant, "stripe_webhook_secret")).isEqualTo(STRIPE_SECRET);
        String endpointSecret = sealedValue("SELECT sealed FROM webhook_endpoint_secrets");
        String slot = "webhook_secret/" + sealedValue("SELECT endpoint_id FROM webhook_endpoint_secrets") + "/1";
        assertThat(onlyB.open(endpointSecret, merchant, slot)).isEqualTo(webhookSecret);
    }

    @Test
    void aResealNamesWhatNoConfiguredKeyOpensAndLeavesItAlone() throws Exception {
        try (ConfigurableApplicationContext ledger = start(KEY_A)) {
            Api api = api(ledger);
            String key = api.post("/admin/v1/merchants", ADMIN, Api.json(Map.of("name", "Lost key"))).body()
                    .get("apiKey").get("key").asString();
            assertThat(api.patch("/api/v1/program", key, Api.json(Map.of("stripe_webhook_secret", STRIPE_SECRET))).status())
                    .isEqualTo(200);
        }
        List<String> before = sealedValues();
        try (ConfigurableApplicationContext ledger = start(KEY_B)) {
            Api.Response report = api(ledger).post("/admin/v1/secrets/reseal", ADMIN, null);
            assertThat(report.status()).isEqualTo(200);
            assertThat(report.body().get("merchantSecrets").get("unreadable").asInt()).isEqualTo(1);
            assertThat(report.body().get("merchantSecrets").get("unreadableSecrets").get(0).asString()).endsWith("/stripe_webhook_secret");
            assertThat(report.body().get("complete").asBoolean()).isFalse();
            assertThat(report.body().toString()).doesNotContain(STRIPE_SECRET);
        }
        assertThat(sealedValues()).isEqualTo(before);
    }

    private boolean stripeEventAccepted(Api api, ConfigurableApplicationContext ledger, String merchant) {
        String body = StripeEvents.envelope("customer.created", StripeEvents.object().put("id", "cus_rotation").put("object", "customer"));
        Api.Response response = StripeEvents.deliver(api, port(ledger), merchant, STRIPE_SECRET, body);
        return response.status() == 200;
    }

    private ConfigurableApplicationContext start(String secretsKey) {
        return new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0",
                "--ledger.db.url=" + db.url(),
                "--ledger.db.user=" + db.user(),
                "--ledger.db.password=" + db.password(),
                "--ledger.admin-token=" + ADMIN,
                "--ledger.secrets-key=" + secretsKey);
    }

    private static Api api(ConfigurableApplicationContext context) {
        return new Api(port(context));
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    private List<String> sealedValues() throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT sealed FROM merchant_secret UNION ALL SELECT sealed FROM webhook_endpoint_secrets ORDER BY 1")) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private String sealedValue(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password()); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static byte[] bytes(int seed) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed * 31 + i);
        }
        return key;
    }
}
