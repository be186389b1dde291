package org.affiliateledger.command.stripe;

import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.stripe.AttributeStripeCheckout;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.SimpleTransactionStatus;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The one-off migration of the attribution tables into the history: each row becomes its attribution command (by
 * the system, dated as kept) and leaves its table, batch after batch until none is left; a failure leaves the rest
 * for the next start.
 */
class StripeCustomerBackfillTest {
    private static final Instant LEARNED = Instant.parse("2025-11-01T08:00:00Z");
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final CommandGateway commands = mock(CommandGateway.class);
    private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    private final StripeCustomerBackfill backfill = new StripeCustomerBackfill(jdbc, commands, transactions);
    private final List<String> sql = new ArrayList<>();
    private final List<JdbcClient.StatementSpec> statements = new ArrayList<>();
    /** What each SELECT answers, batch by batch (an empty batch ends its loop). */
    private final Deque<List<Map<String, Object>>> customerBatches = new ArrayDeque<>();
    private final Deque<List<Map<String, Object>>> checkoutBatches = new ArrayDeque<>();

    @SuppressWarnings({"unchecked", "rawtypes"})
    StripeCustomerBackfillTest() {
        when(transactions.getTransaction(any())).thenReturn(new SimpleTransactionStatus());
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            String text = call.getArgument(0);
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            when(statement.query(any(RowMapper.class))).thenAnswer(query -> {
                Deque<List<Map<String, Object>>> batches = text.contains("FROM stripe_checkout") ? checkoutBatches : customerBatches;
                List<Map<String, Object>> rows = batches.isEmpty() ? List.of() : batches.poll();
                List<Object> mapped = new ArrayList<>();
                for (Map<String, Object> row : rows) {
                    ResultSet rs = mock(ResultSet.class);
                    for (var column : row.entrySet()) {
                        if (column.getValue() instanceof Timestamp at) {
                            when(rs.getTimestamp(column.getKey())).thenReturn(at);
                        } else {
                            when(rs.getString(column.getKey())).thenReturn((String) column.getValue());
                        }
                    }
                    mapped.add(((RowMapper<?>) query.getArgument(0)).mapRow(rs, mapped.size()));
                }
                JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
                when(result.list()).thenReturn(mapped);
                return result;
            });
            sql.add(text);
            statements.add(statement);
            return statement;
        });
    }

    private static Map<String, Object> customer(String id, String affiliate) {
        return Map.of("merchant_id", "mer_1", "customer_id", id, "affiliate_id", affiliate, "source", "checkout",
                "learned_at", Timestamp.from(LEARNED));
    }

    private static Map<String, Object> checkout(String paymentIntent, String affiliate) {
        return Map.of("merchant_id", "mer_1", "payment_intent_id", paymentIntent, "affiliate_id", affiliate,
                "affiliate_session_id", "ses_1");
    }

    private JdbcClient.StatementSpec statement(String containing, int nth) {
        int seen = 0;
        for (int i = 0; i < sql.size(); i++) {
            if (sql.get(i).contains(containing) && seen++ == nth) {
                return statements.get(i);
            }
        }
        throw new AssertionError("no statement #" + nth + " containing " + containing + " in " + sql);
    }

    @Test
    void eachCustomerRowBecomesItsAttributionBySystemDatedAsKeptAndLeavesTheTable() {
        customerBatches.add(List.of(customer("cus_1", "aff_1"), customer("cus_2", "aff_2")));
        customerBatches.add(List.of(customer("cus_3", "aff_1")));
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        when(commands.sendAndWait(sent.capture())).thenReturn(Boolean.TRUE);

        assertThat(backfill.run()).isEqualTo(3);

        assertThat(sent.getAllValues().stream().map(m -> (Object) m.getPayload()).toList()).containsExactly(
                StripeCustomers.attribution("mer_1", "cus_1", "aff_1", "checkout", null, null, null, LEARNED),
                StripeCustomers.attribution("mer_1", "cus_2", "aff_2", "checkout", null, null, null, LEARNED),
                StripeCustomers.attribution("mer_1", "cus_3", "aff_1", "checkout", null, null, null, LEARNED));
        assertThat(sent.getValue().getMetaData()).containsEntry(AuditMetadata.ACTOR, AuditMetadata.SYSTEM)
                .containsEntry(AuditMetadata.EFFECTIVE_AT, LEARNED.toString());
        verify(statement("DELETE FROM stripe_customer", 0)).params("mer_1", "cus_1");
        verify(statement("DELETE FROM stripe_customer", 2)).params("mer_1", "cus_3");
        verify(statement("FROM stripe_customer", 0)).params(200);
        verify(transactions, times(3)).commit(any());
    }

    @Test
    void eachCheckoutAttributionBecomesItsEventAndLeavesItsRowWaitingForItsSale() {
        checkoutBatches.add(List.of(checkout("pi_1", "aff_1")));
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        when(commands.sendAndWait(sent.capture())).thenReturn(Boolean.TRUE);

        assertThat(backfill.run()).isEqualTo(1);

        AttributeStripeCheckout expected = StripeCheckouts.attribution("mer_1", "pi_1", null, "aff_1", null, "ses_1");
        assertThat(sent.getValue().getPayload()).isEqualTo(expected);
        assertThat(sent.getValue().getMetaData()).containsEntry(AuditMetadata.ACTOR, AuditMetadata.SYSTEM)
                .doesNotContainKey(AuditMetadata.EFFECTIVE_AT);
        JdbcClient.StatementSpec cleared = statement("UPDATE stripe_checkout SET affiliate_id = NULL", 0);
        verify(cleared).params("mer_1", "pi_1");
        verify(cleared).update();
        assertThat(sql).noneMatch(s -> s.startsWith("DELETE FROM stripe_checkout"));
    }

    @Test
    void nothingLeftToMigrateSendsNothing() {
        assertThat(backfill.run()).isZero();
        verify(commands, times(0)).sendAndWait(any());
        backfill.atStart();
    }

    @Test
    void aFailureAtStartLeavesTheRowsForTheNextStart() {
        customerBatches.add(List.of(customer("cus_1", "aff_1")));
        when(commands.sendAndWait(any())).thenThrow(new IllegalStateException("store unavailable"));
        backfill.atStart();
        verify(transactions).rollback(any());
        assertThat(sql).noneMatch(s -> s.startsWith("DELETE"));
    }

    @Test
    void aSuccessfulStartMigratesEverything() {
        customerBatches.add(List.of(customer("cus_1", "aff_1")));
        when(commands.sendAndWait(any())).thenReturn(Boolean.TRUE);
        backfill.atStart();
        verify(statement("DELETE FROM stripe_customer", 0)).params("mer_1", "cus_1");
    }

}
