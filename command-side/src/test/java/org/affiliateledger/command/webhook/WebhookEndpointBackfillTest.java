package org.affiliateledger.command.webhook;

import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.webhook.RecordExistingWebhookEndpoint;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Endpoints registered before their changes were events get their history once: each row as it stands becomes a
 * command by the system, dated when it was registered, and is marked in the same transaction; batch after batch
 * until none is left; a failure leaves the rest for the next start.
 */
@SuppressWarnings({"unchecked", "rawtypes"})
class WebhookEndpointBackfillTest {
    private static final Instant REGISTERED = Instant.parse("2025-10-01T08:00:00Z");
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    private final WebhookEndpointBackfill backfill = new WebhookEndpointBackfill(jdbc, commands, transactions);
    private final List<String> sql = new ArrayList<>();
    private final List<JdbcClient.StatementSpec> statements = new ArrayList<>();
    private final Deque<List<Object[]>> batches = new ArrayDeque<>();

    WebhookEndpointBackfillTest() {
        when(transactions.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            when(statement.query(any(RowMapper.class))).thenAnswer(query -> {
                List<Object> mapped = new ArrayList<>();
                for (Object[] row : batches.isEmpty() ? List.<Object[]>of() : batches.poll()) {
                    ResultSet rs = mock(ResultSet.class);
                    when(rs.getString("id")).thenReturn((String) row[0]);
                    when(rs.getString("merchant_id")).thenReturn("mer_1");
                    when(rs.getString("url")).thenReturn("https://a.example/");
                    when(rs.getString("description")).thenReturn("d");
                    Array types = row[1] == null ? null : mock(Array.class);
                    if (types != null) {
                        when(types.getArray()).thenReturn(row[1]);
                    }
                    when(rs.getArray("event_types")).thenReturn(types);
                    when(rs.getBoolean("enabled")).thenReturn((Boolean) row[2]);
                    when(rs.getString("disabled_reason")).thenReturn((String) row[3]);
                    when(rs.getTimestamp("created_at")).thenReturn(Timestamp.from(REGISTERED));
                    when(rs.getTimestamp("deleted_at")).thenReturn((Timestamp) row[4]);
                    mapped.add(((RowMapper<?>) query.getArgument(0)).mapRow(rs, mapped.size()));
                }
                JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
                when(result.list()).thenReturn(mapped);
                return result;
            });
            sql.add(call.getArgument(0));
            statements.add(statement);
            return statement;
        });
    }

    @Test
    void eachUnmarkedRowBecomesItsHistoryBySystemDatedAtRegistrationAndIsMarked() {
        Instant deleted = REGISTERED.plusSeconds(3600);
        batches.add(List.of(new Object[]{"whe_1", new String[]{"payout.paid"}, true, null, null},
                new Object[]{"whe_2", null, false, "deleted", Timestamp.from(deleted)}));
        batches.add(List.<Object[]>of(new Object[]{"whe_3", new String[0], false, "the endpoint answered 410 Gone", null}));
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        when(commands.sendAndWait(sent.capture())).thenReturn(Boolean.TRUE, Boolean.FALSE, Boolean.TRUE);

        assertThat(backfill.run()).as("only the endpoints this call recorded").isEqualTo(2);

        assertThat(sent.getAllValues().stream().map(m -> (Object) m.getPayload()).toList()).containsExactly(
                new RecordExistingWebhookEndpoint("whe_1", "mer_1", "https://a.example/", "d", List.of("payout.paid"), true, null,
                        REGISTERED, null),
                new RecordExistingWebhookEndpoint("whe_2", "mer_1", "https://a.example/", "d", List.of(), false, "deleted",
                        REGISTERED, deleted),
                new RecordExistingWebhookEndpoint("whe_3", "mer_1", "https://a.example/", "d", List.of(), false,
                        "the endpoint answered 410 Gone", REGISTERED, null));
        assertThat(sent.getValue().getMetaData()).containsEntry(AuditMetadata.ACTOR, AuditMetadata.SYSTEM)
                .containsEntry(AuditMetadata.EFFECTIVE_AT, REGISTERED.toString());
        assertThat(sql.stream().filter(s -> s.contains("SET history_started = TRUE")).count()).isEqualTo(3);
        assertThat(sql.get(0)).contains("WHERE NOT history_started");
        verify(statements.get(0)).param(200);
        verify(transactions, times(3)).commit(any());
    }

    @Test
    void nothingLeftRecordsNothing() {
        assertThat(backfill.run()).isZero();
        verify(commands, times(0)).sendAndWait(any());
        backfill.atStart();
    }

    @Test
    void aFailureAtStartLeavesTheRowUnmarkedForTheNextStart() {
        batches.add(List.<Object[]>of(new Object[]{"whe_1", null, true, null, null}));
        when(commands.sendAndWait(any())).thenThrow(new IllegalStateException("store unavailable"));
        backfill.atStart();
        verify(transactions).rollback(any());
        assertThat(sql).noneMatch(s -> s.contains("SET history_started"));
    }

    @Test
    void aSuccessfulStartRecordsEveryRow() {
        batches.add(List.<Object[]>of(new Object[]{"whe_1", null, true, null, null}));
        when(commands.sendAndWait(any())).thenReturn(Boolean.TRUE);
        backfill.atStart();
        assertThat(sql).anyMatch(s -> s.contains("SET history_started = TRUE"));
    }
}
