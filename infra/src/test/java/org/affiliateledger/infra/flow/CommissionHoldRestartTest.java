package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.LedgerApplication;
import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hold-period deadlines are stored in PostgreSQL (db-scheduler) and survive restarts: the ledger is stopped before a
 * commission's hold period ends and started again after it; the commission is then approved by the lifecycle saga.
 * One "hold day" is one second here ({@code ledger.commissions.hold-unit=PT1S}).
 */
class CommissionHoldRestartTest {
    private static final String ADMIN = "hold-restart-admin";
    private static final int HOLD_SECONDS = 12;

    @Test
    void approvesACommissionWhoseHoldPeriodEndedWhileTheLedgerWasStopped() throws Exception {
        TestDatabase.Database db = TestDatabase.fresh();
        String key;
        String commission;
        Instant approvableAt;
        try (ConfigurableApplicationContext first = start(db)) {
            Api api = new Api(port(first));
            key = api.post("/admin/v1/merchants", ADMIN, Api.json(Map.of("name", "Hold"))).body().get("apiKey").get("key").asString();
            assertThat(api.patch("/api/v1/program", key, "{\"hold_days\": " + HOLD_SECONDS + "}").body().get("holdDays").asInt())
                    .isEqualTo(HOLD_SECONDS);
            String affiliate = api.post("/api/v1/affiliates", key,
                    Api.json(Map.of("name", "Held", "email", "held@example.com", "status", "active"))).text("id");
            String conversion = api.post("/api/v1/conversions", key,
                    "{\"affiliate_id\": \"" + affiliate + "\", \"amount_cents\": 2500}").text("id");
            await().atMost(Duration.ofSeconds(10)).until(() -> api.get("/api/v1/conversions/" + conversion, key).status() == 200);
            commission = api.get("/api/v1/conversions/" + conversion, key).text("commissionId");
            approvableAt = Instant.parse(api.get("/api/v1/commissions/" + commission, key).text("approvableAt"));
            await().atMost(Duration.ofSeconds(10)).until(() -> scheduledDeadlines(db) == 1);
        }
        // the ledger stopped before the hold period ended: the commission is still pending and its deadline is stored
        assertThat(statusInDatabase(db, commission)).isEqualTo("pending");
        assertThat(scheduledDeadlines(db)).isEqualTo(1);

        // the deadline falls due while no ledger runs
        Instant due = approvableAt;
        await().atMost(Duration.ofSeconds(HOLD_SECONDS + 30L)).pollInterval(Duration.ofMillis(200))
                .until(() -> Instant.now().isAfter(due));

        try (ConfigurableApplicationContext second = start(db)) {
            Api api = new Api(port(second));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> "approved".equals(api.get("/api/v1/commissions/" + commission, key).text("status")));
            await().atMost(Duration.ofSeconds(10)).until(() -> scheduledDeadlines(db) == 0);
        }
    }

    private static ConfigurableApplicationContext start(TestDatabase.Database db) {
        return new SpringApplicationBuilder(LedgerApplication.class).run(
                "--server.port=0", "--ledger.db.url=" + db.url(), "--ledger.db.user=" + db.user(),
                "--ledger.db.password=" + db.password(), "--ledger.admin-token=" + ADMIN,
                "--ledger.secrets-key=dGVzdC1zZWNyZXRzLWtleS0zMi1ieXRlcy1sb25nISE=",
                "--ledger.commissions.hold-unit=PT1S");
    }

    private static int scheduledDeadlines(TestDatabase.Database db) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM scheduled_tasks WHERE task_name = 'AxonDeadline'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static String statusInDatabase(TestDatabase.Database db, String commission) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password());
             var statement = c.prepareStatement("SELECT status FROM commissions WHERE id = ?")) {
            statement.setString(1, commission);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }
}
