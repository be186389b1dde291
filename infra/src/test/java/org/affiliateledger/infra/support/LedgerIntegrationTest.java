package org.affiliateledger.infra.support;

import org.affiliateledger.infra.LedgerApplication;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole ledger on a real PostgreSQL, called over real HTTP. One application context (and database) is shared by
 * all subclasses; each test isolates itself by onboarding its own merchant.
 */
@SpringBootTest(classes = LedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(ControllableClock.Config.class)
public abstract class LedgerIntegrationTest {
    protected static final String ADMIN_TOKEN = "test-admin-token";
    /** base64 of 32 bytes; a fixed test key, so tests never write a key file */
    protected static final String SECRETS_KEY = "dGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcy1sb25nISE=";
    private static TestDatabase.Database database;

    @LocalServerPort
    protected int port;
    protected Api api;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("ledger.db.url", () -> db().url());
        registry.add("ledger.db.user", () -> db().user());
        registry.add("ledger.db.password", () -> db().password());
        registry.add("ledger.admin-token", () -> ADMIN_TOKEN);
        // eventually() polls reads every 25 ms, so a slow projection could spend a key's 120 reads a minute; the
        // read limit itself is tested with per-key overrides. Writes keep the real default of 30 per minute.
        registry.add("ledger.rate-limits.read-per-minute", () -> 1_000_000);
        registry.add("ledger.secrets-key", () -> SECRETS_KEY);
        // webhook tests deliver to receivers on 127.0.0.1 (the SSRF guard itself is tested in TargetGuardTest)
        registry.add("ledger.webhooks.allow-private-targets", () -> true);
        registry.add("ledger.webhooks.poll-interval", () -> "PT0.05S");
        registry.add("ledger.stripe.api-base", () -> StripeStub.get().baseUrl());
    }

    private static synchronized TestDatabase.Database db() {
        if (database == null) {
            database = TestDatabase.fresh();
        }
        return database;
    }

    @BeforeEach
    void connect() {
        api = new Api(port);
    }

    /** A new merchant; returns its full-access API key. */
    protected String onboardMerchant(String name) {
        Api.Response created = api.post("/admin/v1/merchants", ADMIN_TOKEN, Api.json(Map.of("name", name)));
        assertThat(created.status()).isEqualTo(201);
        return created.body().get("apiKey").get("key").asString();
    }

    protected String merchantIdOf(String key) {
        return eventually(() -> api.get("/api/v1/program", key), r -> r.status() == 200).text("merchantId");
    }

    /** An active affiliate of the key's merchant; returns its id. */
    protected String activeAffiliate(String key, String name) {
        String email = name.toLowerCase().replace(' ', '.') + "." + System.nanoTime() + "@example.com";
        Api.Response created = api.post("/api/v1/affiliates", key,
                Api.json(Map.of("name", name, "email", email, "status", "active")));
        assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
        return created.text("id");
    }

    /** Reads are eventually consistent (projections run just behind the write): poll until the condition holds. */
    protected static Api.Response eventually(Callable<Api.Response> read, java.util.function.Predicate<Api.Response> until) {
        Api.Response[] last = new Api.Response[1];
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(25)).until(() -> {
            last[0] = read.call();
            return until.test(last[0]);
        });
        return last[0];
    }
}
