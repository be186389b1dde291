package org.affiliateledger.infra.flow;

import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import javax.sql.DataSource;
import tools.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nothing lost: an event whose transaction took its position in the log first but committed after later events were
 * already processed (two writers racing, a slow commit) still reaches the read models. The processors' tokens keep the
 * missing position as a gap and fill it when the late commit becomes visible.
 */
class LateCommittedEventTest extends LedgerIntegrationTest {
    @Autowired
    private DataSource dataSource;
    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void projectsAnEventCommittedAfterLaterEventsWereProjected() throws Exception {
        String key = onboardMerchant("Late commit");
        String affiliate = activeAffiliate(key, "Slow Writer");
        eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key), r -> r.status() == 200);
        long latePosition;
        try (Connection open = dataSource.getConnection()) {
            open.setAutoCommit(false);
            latePosition = insertSuspension(open, affiliate, merchantIdOf(key));
            String later = activeAffiliate(key, "Fast Writer");
            // the later event is projected while the earlier position is still uncommitted
            eventually(() -> api.get("/api/v1/affiliates/" + later, key), r -> r.status() == 200);
            assertThat(api.get("/api/v1/affiliates/" + affiliate, key).text("status")).isEqualTo("active");
            open.commit();
        }
        assertThat(eventually(() -> api.get("/api/v1/affiliates/" + affiliate, key),
                r -> "suspended".equals(r.text("status"))).text("status")).isEqualTo("suspended");
        // and the history index keeps it at its own position, not at the later position the processor's token names
        JsonNode history = eventually(() -> api.get("/api/v1/affiliates/" + affiliate + "/history", key),
                r -> r.status() == 200 && r.body().get("data").toString().contains("affiliate.suspended")).body().get("data");
        JsonNode suspension = null;
        for (JsonNode item : history) {
            if ("affiliate.suspended".equals(item.get("type").asString())) {
                suspension = item;
            }
        }
        assertThat(suspension).isNotNull();
        assertThat(suspension.get("position").asLong()).isEqualTo(latePosition);
    }

    /** The suspension the ledger could have written, in a transaction the caller leaves open. */
    private long insertSuspension(Connection open, String affiliate, String merchant) throws Exception {
        long sequence = jdbc.queryForObject(
                "SELECT max(sequencenumber) + 1 FROM domainevententry WHERE aggregateidentifier = ?", Long.class, affiliate);
        try (PreparedStatement insert = open.prepareStatement("""
                INSERT INTO domainevententry (aggregateidentifier, sequencenumber, type, eventidentifier, metadata, payload,
                                              payloadtype, "timestamp")
                VALUES (?, ?, 'Affiliate', ?, ?, ?, 'org.affiliateledger.events.affiliate.AffiliateSuspended', ?)
                RETURNING globalindex""")) {
            insert.setString(1, affiliate);
            insert.setLong(2, sequence);
            insert.setString(3, UUID.randomUUID().toString());
            insert.setBytes(4, "{}".getBytes());
            insert.setBytes(5, ("{\"affiliateId\":\"" + affiliate + "\",\"merchantId\":\"" + merchant
                    + "\",\"reason\":\"late\"}").getBytes());
            insert.setString(6, Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
