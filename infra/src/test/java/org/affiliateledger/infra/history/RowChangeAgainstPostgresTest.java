package org.affiliateledger.infra.history;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.query.support.Row;
import org.affiliateledger.query.support.RowChange;
import org.affiliateledger.query.support.Rows;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each row-change operation means the same in PostgreSQL (what projectors write) and in memory (what as-of rebuilds
 * apply): the same changes, carried out both ways, leave the same row.
 */
class RowChangeAgainstPostgresTest extends LedgerIntegrationTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private PlatformTransactionManager transactions;

    @Test
    void everyOperationLeavesTheSameRowInPostgresqlAndInMemory() {
        Instant first = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        Instant later = first.plusSeconds(60);
        List<RowChange> changes = List.of(
                RowChange.insert("rc", "id", "r1").set("merchant_id", "mer_1").set("status", "pending").set("n", 7)
                        .set("flag", false).set("at", first).set("ids", List.of("a", "b")).json("doc", "{\"b\": 1, \"a\": [2]}"),
                RowChange.insert("rc", "id", "r1").set("status", "replayed insert changes nothing"),
                RowChange.update("rc", "id", "r1").set("status", "approved").set("flag", true).keepFirst("first_at", first),
                RowChange.update("rc", "id", "r1").keepFirst("first_at", later).set("at", later),
                RowChange.update("rc", "id", "r1").appendOnce("reason", "fraud: velocity (3 in 60 min)", "; ", "fraud: velocity ("),
                RowChange.update("rc", "id", "r1").appendOnce("reason", "fraud: velocity (4 in 60 min)", "; ", "fraud: velocity ("),
                RowChange.update("rc", "id", "r1").appendOnce("reason", "fraud: self_referral (same email)", "; ", "fraud: self_referral ("),
                RowChange.update("rc", "id", "r1").addToSet("rules", "velocity", ","),
                RowChange.update("rc", "id", "r1").addToSet("rules", "refund_rate", ","),
                RowChange.update("rc", "id", "r1").addToSet("rules", "velocity", ","),
                RowChange.update("rc", "other", "r1").set("status", "no row has this key"),
                RowChange.update("rc", "id", "r2").set("status", "no such row"),
                RowChange.update("rc", "id", "r1").set("nothing", null));

        Rows memory = new Rows();
        changes.forEach(change -> change.applyTo(memory));
        Map<String, Object> rebuilt = memory.find("rc", "id", "r1").orElseThrow();
        assertThat(memory.find("rc", "id", "r2")).isEmpty();

        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.execute("""
                    CREATE TEMP TABLE rc (id TEXT PRIMARY KEY, merchant_id TEXT, status TEXT, n INTEGER, flag BOOLEAN,
                                          at TIMESTAMPTZ, first_at TIMESTAMPTZ, ids TEXT[], doc JSONB, reason TEXT, rules TEXT,
                                          other TEXT, nothing TEXT) ON COMMIT DROP""");
            changes.forEach(change -> jdbc.update(change.sql(), change.params()));
            jdbc.query("SELECT * FROM rc", rs -> {
                Row stored = Row.of(rs);
                Row inMemory = Row.of(rebuilt);
                for (String column : List.of("id", "merchant_id", "status", "reason", "rules", "nothing")) {
                    assertThat(inMemory.string(column)).as(column).isEqualTo(stored.string(column));
                }
                assertThat(inMemory.intValue("n")).isEqualTo(stored.intValue("n"));
                assertThat(inMemory.bool("flag")).isEqualTo(stored.bool("flag"));
                assertThat(inMemory.instant("at")).isEqualTo(stored.instant("at")).isEqualTo(later);
                assertThat(inMemory.instant("first_at")).isEqualTo(stored.instant("first_at")).isEqualTo(first);
                assertThat(inMemory.strings("ids")).isEqualTo(stored.strings("ids"));
                assertThat(JSON.readTree(inMemory.string("doc"))).isEqualTo(JSON.readTree(stored.string("doc")));
                assertThat(inMemory.isNull("nothing")).isEqualTo(stored.isNull("nothing")).isTrue();
            });
        });
        assertThat(rebuilt.get("reason")).isEqualTo("fraud: velocity (3 in 60 min); fraud: self_referral (same email)");
        assertThat(rebuilt.get("rules")).isEqualTo("velocity,refund_rate");
        assertThat(rebuilt.get("status")).isEqualTo("approved");
    }
}
