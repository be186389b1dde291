package org.affiliateledger.infra.history;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Tamper evidence: someone with superuser rights edits one byte of one stored event, or deletes one, bypassing the
 * append-only trigger for that statement; {@code POST /admin/v1/history/verify} names exactly that position. Each test
 * puts the row back as it was (the database is shared with the other tests).
 */
class HistoryTamperTest extends LedgerIntegrationTest {
    private static final String NAME = "Tamper Target";

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private PlatformTransactionManager transactions;

    /** The position of a fresh affiliate's registration, once it is linked into the chain and the chain holds. */
    private long linkedRegistration(String merchant) {
        String key = onboardMerchant(merchant);
        String affiliate = activeAffiliate(key, NAME);
        long position = History.one(eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/history", key),
                History.hasTypes("affiliate.registered")).body().get("data").valueStream().toList(), "affiliate.registered")
                .get("position").asLong();
        eventually(() -> api.get("/api/v1/history/head", key), r -> r.body().get("position").asLong() >= position);
        assertThat(verify(null).body().get("ok").asBoolean()).as(verify(null).body().toString()).isTrue();
        return position;
    }

    @Test
    void verifyNamesExactlyThePositionOfAnEventEditedByOneByte() {
        long position = linkedRegistration("Tamper edit");
        Integer at = jdbc.queryForObject("SELECT position(convert_to(?, 'UTF8') in payload) - 1 FROM domainevententry WHERE globalindex = ?",
                Integer.class, NAME, position);
        assertThat(at).isNotNegative();
        flipBit(position, at);
        try {
            Api.Response broken = verify(null);
            assertThat(broken.status()).isEqualTo(200);
            assertThat(broken.body().get("ok").asBoolean()).isFalse();
            assertThat(broken.body().get("firstBrokenPosition").asLong()).isEqualTo(position);
            assertThat(broken.text("reason")).contains("position " + position).contains("changed");
            assertThat(broken.body().get("verified").asLong()).isGreaterThan(0).isLessThan(position);
            // a range that ends before it, or starts after it, still holds
            assertThat(verify("{\"to\": " + (position - 1) + "}").body().get("ok").asBoolean()).isTrue();
            Api.Response after = verify("{\"from\": " + (position + 1) + "}");
            assertThat(after.body().get("ok").asBoolean()).as(after.body().toString()).isTrue();
            assertThat(after.body().get("from").asLong()).isEqualTo(position + 1);
            assertThat(verify("{\"from\": " + position + ", \"to\": " + position + "}").body().get("firstBrokenPosition").asLong())
                    .isEqualTo(position);
        } finally {
            flipBit(position, at);
        }
        assertThat(verify(null).body().get("ok").asBoolean()).isTrue();
    }

    @Test
    void verifyReportsTheGapWhereAnEventWasDeleted() {
        long position = linkedRegistration("Tamper delete");
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM domainevententry WHERE globalindex = ?", position);
        asSuperuserWithoutTriggers("DELETE FROM domainevententry WHERE globalindex = ?", position);
        try {
            Api.Response broken = verify(null);
            assertThat(broken.body().get("ok").asBoolean()).isFalse();
            assertThat(broken.body().get("firstBrokenPosition").asLong()).isEqualTo(position);
            assertThat(broken.text("reason")).contains("deleted");
        } finally {
            jdbc.update("""
                            INSERT INTO domainevententry (globalindex, aggregateidentifier, sequencenumber, type, eventidentifier,
                                                          metadata, payload, payloadrevision, payloadtype, "timestamp")
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    row.get("globalindex"), row.get("aggregateidentifier"), row.get("sequencenumber"), row.get("type"),
                    row.get("eventidentifier"), row.get("metadata"), row.get("payload"), row.get("payloadrevision"),
                    row.get("payloadtype"), row.get("timestamp"));
        }
        assertThat(verify(null).body().get("ok").asBoolean()).isTrue();
    }

    @Test
    void theChainIsAppendOnlyLikeTheEventStore() {
        linkedRegistration("Tamper chain");
        assertThatThrownBy(() -> jdbc.update("UPDATE event_chain SET hash = hash WHERE position = (SELECT min(position) FROM event_chain)"))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.update("DELETE FROM event_chain WHERE position = (SELECT max(position) FROM event_chain)"))
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.execute("TRUNCATE event_chain")).rootCause().hasMessageContaining("append-only");
    }

    @Test
    void verifyIsForTheOperatorAndRefusesAReversedRange() {
        assertThat(api.post("/admin/v1/history/verify", "adm_wrong", null).status()).isEqualTo(401);
        Api.Response reversed = verify("{\"from\": 10, \"to\": 5}");
        assertThat(reversed.status()).isEqualTo(400);
        assertThat(reversed.text("detail")).contains("from");
        assertThat(verify("{\"from\": 0}").status()).isEqualTo(400);
        Api.Response beyond = verify("{\"from\": 999999999}");
        assertThat(beyond.body().get("ok").asBoolean()).isTrue();
        assertThat(beyond.body().get("verified").asLong()).isZero();
    }

    private Api.Response verify(String body) {
        return api.post("/admin/v1/history/verify", ADMIN_TOKEN, body);
    }

    private void flipBit(long position, int at) {
        asSuperuserWithoutTriggers("UPDATE domainevententry SET payload = set_byte(payload, ?, get_byte(payload, ?) # 1) WHERE globalindex = ?",
                at, at, position);
    }

    /** One statement with triggers off for this transaction only ({@code SET LOCAL}; needs a superuser, as the tests are). */
    private void asSuperuserWithoutTriggers(String sql, Object... params) {
        new TransactionTemplate(transactions).executeWithoutResult(status -> {
            jdbc.execute("SET LOCAL session_replication_role = replica");
            assertThat(jdbc.update(sql, params)).isEqualTo(1);
        });
    }
}
