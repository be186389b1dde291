package org.affiliateledger.infra.history;

import org.affiliateledger.infra.support.Api;
import org.affiliateledger.query.history.EventChain;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Gaps in the log's global index, as the chain worker handles them: a position whose transaction is still open holds the
 * chain back (its event will come, and must be linked in order); once that transaction rolls back, the position is given
 * up and the chain goes on; once it commits, the event is linked in its place.
 */
class EventChainGapTest extends LedgerIntegrationTest {
    @Autowired
    private DataSource dataSource;
    @Autowired
    private EventChain chain;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void waitsForAnOpenTransactionAndGoesOnOnceItRollsBack() throws Exception {
        String key = onboardMerchant("Chain gap rollback");
        String affiliate = activeAffiliate(key, "Gap Py");
        long gap;
        try (Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            gap = insertApproval(open, affiliate, key);
            long after = laterEventPosition(key);
            assertThat(after).isGreaterThan(gap);
            holdsAt(gap);
            open.rollback();
            await().atMost(Duration.ofSeconds(10)).until(() -> head() >= after);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_chain WHERE position = ?", Long.class, gap)).isZero();
        assertThat(api.post("/admin/v1/history/verify", ADMIN_TOKEN, null).body().get("ok").asBoolean()).isTrue();
    }

    @Test
    void linksALateCommitInItsPlace() throws Exception {
        String key = onboardMerchant("Chain gap commit");
        String affiliate = activeAffiliate(key, "Late Comer");
        long gap;
        try (Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            gap = insertApproval(open, affiliate, key);
            long after = laterEventPosition(key);
            holdsAt(gap);
            open.commit();
            await().atMost(Duration.ofSeconds(10)).until(() -> head() >= after);
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM event_chain WHERE position = ?", Long.class, gap)).isOne();
        Api.Response verified = api.post("/admin/v1/history/verify", ADMIN_TOKEN, null);
        assertThat(verified.body().get("ok").asBoolean()).as(verified.body().toString()).isTrue();
    }

    /**
     * The chain has seen the gap, waited its grace and found the open transaction still running: it holds there. A
     * further pass links nothing and the head stays just before the gap (a position, not a pause, is the proof).
     */
    private void holdsAt(long gap) {
        await().atMost(Duration.ofSeconds(10)).until(() -> chain.holdingForOpenTransactionsAt().orElse(-1) == gap);
        assertThat(chain.linkBatch()).isZero();
        assertThat(head()).isEqualTo(gap - 1);
    }

    private long head() {
        return jdbc.queryForObject("SELECT COALESCE(max(position), 0) FROM event_chain", Long.class);
    }

    /** An event the ledger could have written (the affiliate approved again), inserted in a transaction left open. */
    private long insertApproval(Connection open, String affiliate, String key) throws Exception {
        String merchant = merchantIdOf(key);
        long sequence = jdbc.queryForObject("SELECT max(sequencenumber) + 1 FROM domainevententry WHERE aggregateidentifier = ?",
                Long.class, affiliate);
        try (PreparedStatement insert = open.prepareStatement("""
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                              payloadtype, "timestamp")
                VALUES (?, ?, 'Affiliate', ?, ?, ?, 'org.affiliateledger.events.affiliate.AffiliateApproved', ?)
                RETURNING globalindex""")) {
            insert.setString(1, affiliate);
            insert.setLong(2, sequence);
            insert.setString(3, UUID.randomUUID().toString());
            insert.setBytes(4, "{}".getBytes());
            insert.setBytes(5, ("{\"affiliateId\":\"" + affiliate + "\",\"merchantId\":\"" + merchant + "\"}").getBytes());
            insert.setString(6, java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS).toString());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A new event after the gap, through the API; returns its position once the history has it. */
    private long laterEventPosition(String key) {
        String affiliate = activeAffiliate(key, "After " + System.nanoTime());
        return History.one(eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/history", key),
                History.hasTypes("affiliate.approved")).body().get("data").valueStream().toList(), "affiliate.approved")
                .get("position").asLong();
    }
}
