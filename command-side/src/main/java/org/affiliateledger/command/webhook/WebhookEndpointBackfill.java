package org.affiliateledger.command.webhook;

import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.command.support.OneOffMigration;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.webhook.RecordExistingWebhookEndpoint;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import java.sql.Array;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * One-off migration of the endpoints registered before their changes were events: each such row
 * ({@code history_started} false) is recorded as it stands ({@link RecordExistingWebhookEndpoint}, recorded as
 * {@code webhook_endpoint.history_started}) and marked, in one transaction. Runs at every start and finds nothing once
 * done; several nodes may run it at once (an endpoint recorded twice records nothing the second time).
 */
@Component
public class WebhookEndpointBackfill extends OneOffMigration {
    private static final int BATCH = 200;

    public WebhookEndpointBackfill(JdbcClient jdbc, CommandGateway commands, PlatformTransactionManager transactionManager) {
        super(jdbc, commands, transactionManager);
    }

    @Override
    protected String what() {
        return "webhook endpoints from before their changes were events";
    }

    /** @return how many endpoints were recorded */
    @Override
    public int run() {
        int total = 0;
        for (List<RecordExistingWebhookEndpoint> rows = next(); !rows.isEmpty(); rows = next()) {
            for (RecordExistingWebhookEndpoint row : rows) {
                Boolean recorded = transactions.execute(status -> {
                    Boolean done = commands.sendAndWait(AuditedCommands.with(row, AuditMetadata.SYSTEM, row.registeredAt()));
                    jdbc.sql("UPDATE webhook_endpoints SET history_started = TRUE WHERE id = ?").param(row.endpointId()).update();
                    return done;
                });
                if (Boolean.TRUE.equals(recorded)) {
                    total++;
                }
            }
        }
        return total;
    }

    private List<RecordExistingWebhookEndpoint> next() {
        return jdbc.sql("""
                        SELECT id, merchant_id, url, description, event_types, enabled, disabled_reason, created_at, deleted_at
                        FROM webhook_endpoints WHERE NOT history_started ORDER BY id LIMIT ?""")
                .param(BATCH)
                .query((rs, n) -> new RecordExistingWebhookEndpoint(rs.getString("id"), rs.getString("merchant_id"),
                        rs.getString("url"), rs.getString("description"), types(rs.getArray("event_types")),
                        rs.getBoolean("enabled"), rs.getString("disabled_reason"), rs.getTimestamp("created_at").toInstant(),
                        instant(rs.getTimestamp("deleted_at"))))
                .list();
    }

    private static List<String> types(Array array) throws SQLException {
        return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
    }

    private static Instant instant(java.sql.Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
