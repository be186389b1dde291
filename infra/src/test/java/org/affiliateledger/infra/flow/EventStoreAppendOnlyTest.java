package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The event log can only grow: the database itself refuses UPDATE, DELETE and TRUNCATE, even from a superuser. */
class EventStoreAppendOnlyTest extends LedgerIntegrationTest {
    @Autowired
    JdbcClient jdbc;

    @Test
    void refusesToRewriteOrRemoveEventsWhoeverAsks() {
        onboardMerchant("Append only");
        long before = count();
        assertThat(before).isPositive();
        assertThat(jdbc.sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").query(Boolean.class).single())
                .as("the test connects as a superuser, so only the trigger can stop it").isTrue();

        assertThatThrownBy(() -> jdbc.sql("UPDATE domainevententry SET payloadtype = 'x'").update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM domainevententry").update())
                .rootCause().hasMessageContaining("append-only");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE domainevententry").update())
                .rootCause().hasMessageContaining("append-only");

        assertThat(count()).isEqualTo(before);
        assertThat(jdbc.sql("SELECT count(*) FROM domainevententry WHERE payloadtype = 'x'").query(Long.class).single()).isZero();
    }

    @Test
    void storesPayloadsAsByteaWithAGaplessIndexSequence() {
        assertThat(jdbc.sql("""
                        SELECT data_type FROM information_schema.columns
                        WHERE table_name = 'domainevententry' AND column_name = 'payload'""").query(String.class).single())
                .isEqualTo("bytea");
        assertThat(jdbc.sql("SELECT increment_by FROM pg_sequences WHERE sequencename = 'domainevententry_globalindex_seq'")
                .query(Long.class).single()).isEqualTo(1);
    }

    private long count() {
        return jdbc.sql("SELECT count(*) FROM domainevententry").query(Long.class).single();
    }
}
