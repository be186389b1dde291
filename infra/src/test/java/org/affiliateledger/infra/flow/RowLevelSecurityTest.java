package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.affiliateledger.query.support.TenantReads;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database enforces tenant isolation by itself: a query that forgets its merchant filter still sees one merchant. */
class RowLevelSecurityTest extends LedgerIntegrationTest {
    private static final List<String> READ_MODELS = List.of("program", "affiliates", "conversions", "commissions",
            "conversion_day_totals", "affiliate_conversion_totals", "commission_day_totals", "affiliate_commission_totals");

    @Autowired
    TenantReads reads;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aQueryWithoutTheMerchantFilterSeesOnlyTheCurrentMerchantsRows() {
        String keyA = onboardMerchant("RLS A");
        String keyB = onboardMerchant("RLS B");
        String merchantA = merchantIdOf(keyA);
        String merchantB = merchantIdOf(keyB);
        String affiliateA = activeAffiliate(keyA, "Only A");
        activeAffiliate(keyB, "Only B");
        api.post("/api/v1/conversions", keyA, "{\"affiliate_id\": \"" + affiliateA + "\", \"amount_cents\": 100}");
        eventually(() -> api.get("/api/v1/commissions", keyA), r -> r.body().get("data").size() == 1);
        eventually(() -> api.get("/api/v1/conversions", keyA), r -> r.body().get("data").size() == 1);
        eventually(() -> api.get("/api/v1/affiliates", keyB), r -> r.body().get("data").size() == 1);
        assertThat(jdbc.sql("SELECT count(DISTINCT merchant_id) FROM affiliates").query(Long.class).single())
                .as("the owner connection sees every merchant").isGreaterThanOrEqualTo(2);

        for (String table : READ_MODELS) {
            List<String> seen = reads.as(merchantA,
                    q -> q.sql("SELECT DISTINCT merchant_id FROM " + table).query(String.class).list());
            assertThat(seen).as(table).containsOnly(merchantA);
        }
        List<String> namesForB = reads.as(merchantB, q -> q.sql("SELECT name FROM affiliates").query(String.class).list());
        assertThat(namesForB).containsExactly("Only B");
    }

    @Test
    void withoutAMerchantTheReaderSeesNothing() {
        onboardMerchant("RLS none");

        for (String table : READ_MODELS) {
            long rows = reads.as("", q -> q.sql("SELECT count(*) FROM " + table).query(Long.class).single());
            assertThat(rows).as(table).isZero();
        }
    }

    @Test
    void theReaderRoleIsNeitherOwnerNorSuperuserAndCannotWrite() {
        String role = reads.as("x", q -> q.sql("SELECT current_user").query(String.class).single());
        assertThat(role).isEqualTo("ledger_reader");
        assertThat(jdbc.sql("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = 'ledger_reader'")
                .query(Boolean.class).single()).isFalse();
        for (String table : READ_MODELS) {
            assertThat(jdbc.sql("SELECT relforcerowsecurity FROM pg_class WHERE relname = ?").param(table)
                    .query(Boolean.class).single()).as(table).isTrue();
            assertThat(jdbc.sql("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = ?").param(table)
                    .query(String.class).single()).as(table).isNotEqualTo("ledger_reader");
        }
        for (String table : READ_MODELS) {
            for (String privilege : List.of("INSERT", "UPDATE", "DELETE", "TRUNCATE")) {
                assertThat(jdbc.sql("SELECT has_table_privilege('ledger_reader', ?, ?)").params(table, privilege)
                        .query(Boolean.class).single()).as(privilege + " on " + table).isFalse();
            }
        }
        assertThatThrownBy(() -> reads.as("x", q -> q.sql("DELETE FROM affiliates").update()))
                .rootCause().hasMessageContaining("read-only transaction");
    }

    @Test
    void theRoleSwitchDoesNotLeakIntoThePooledConnection() {
        reads.as("x", q -> q.sql("SELECT 1").query(Integer.class).single());

        assertThat(jdbc.sql("SELECT current_user").query(String.class).single()).isNotEqualTo("ledger_reader");
        assertThat(jdbc.sql("SELECT coalesce(current_setting('app.merchant_id', true), '')").query(String.class).single()).isEmpty();
    }
}
