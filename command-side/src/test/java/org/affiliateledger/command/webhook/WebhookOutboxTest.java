package org.affiliateledger.command.webhook;

import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.AffiliateTierPromoted;
import org.affiliateledger.events.affiliate.TaxFormSubmitted;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The outbox routes each public event to the merchant's enabled endpoints that want its type: one message (its body
 * {@code type}, {@code timestamp}, {@code data}) and one pending delivery per endpoint, due at once; none without an
 * endpoint.
 */
class WebhookOutboxTest {
    private static final Instant AT = Instant.parse("2026-01-31T10:00:00.123Z");
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final List<String> sql = new ArrayList<>();
    private final List<JdbcClient.StatementSpec> statements = new ArrayList<>();
    private final List<WebhookOutbox.Endpoint> live = new ArrayList<>();
    @SuppressWarnings("unchecked")
    private final ObjectProvider<WebhookDispatcher> dispatcher = mock(ObjectProvider.class);
    private final WebhookOutbox outbox = new WebhookOutbox(jdbc, dispatcher);

    {
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            @SuppressWarnings("unchecked")
            JdbcClient.MappedQuerySpec<Object> rows = mock(JdbcClient.MappedQuerySpec.class);
            when(rows.list()).thenAnswer(list -> List.copyOf(live));
            when(statement.query(any(RowMapper.class))).thenReturn(rows);
            sql.add(call.getArgument(0));
            statements.add(statement);
            return statement;
        });
    }

    private void endpoint(String id, Instant createdAt, String... eventTypes) {
        live.add(new WebhookOutbox.Endpoint(id, createdAt, Set.of(eventTypes)));
    }

    private String[] deliveredTo(int statement) {
        ArgumentCaptor<Object[]> params = ArgumentCaptor.forClass(Object[].class);
        verify(statements.get(statement)).params(params.capture());
        return (String[]) params.getValue()[5];
    }

    @Test
    void anEventNoEndpointWantsLeavesNoMessage() {
        endpoint("whe_other", AT.minusSeconds(60), "payout.paid");
        outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT);
        assertThat(sql).singleElement().asString().contains("FROM webhook_endpoints WHERE merchant_id = ? AND enabled AND deleted_at IS NULL");
        verify(statements.get(0)).param("mer_1");
    }

    @Test
    void anEventIsOneMessageAndOnePendingDeliveryPerEndpointDueAtOnce() {
        endpoint("whe_1", AT.minusSeconds(60));
        endpoint("whe_2", AT.minusSeconds(60), "affiliate.approved", "payout.paid");
        outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT);
        String messageId = WebhookOutbox.messageId("evt_1", AT);
        Timestamp when = Timestamp.from(AT);
        assertThat(sql).hasSize(3);
        assertThat(sql.get(1)).contains("INSERT INTO webhook_messages").contains("ON CONFLICT (id) DO NOTHING");
        verify(statements.get(1)).params(messageId, "mer_1", "evt_1", "affiliate.approved",
                "{\"type\":\"affiliate.approved\",\"timestamp\":\"" + Timestamps.format(AT)
                        + "\",\"data\":{\"affiliateId\":\"aff_1\"}}", when);
        verify(statements.get(1)).update();
        assertThat(sql.get(2)).contains("INSERT INTO webhook_deliveries").contains("'pending'").contains("ON CONFLICT DO NOTHING");
        ArgumentCaptor<Object[]> params = ArgumentCaptor.forClass(Object[].class);
        verify(statements.get(2)).params(params.capture());
        assertThat(params.getValue()).containsExactly(messageId, "mer_1", when, when, when, new String[]{"whe_1", "whe_2"});
        verify(statements.get(2)).update();
    }

    @Test
    void anEndpointTakesOnlyEventsFromItsCreationOnAndOfItsTypes() {
        endpoint("whe_same_instant", AT);
        endpoint("whe_later", AT.plusNanos(1_000));
        endpoint("whe_payouts", AT.minusSeconds(60), "payout.paid");
        endpoint("whe_affiliates", AT.minusSeconds(60), "affiliate.approved");
        outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT);
        assertThat(deliveredTo(2)).containsExactly("whe_same_instant", "whe_affiliates");
    }

    @Test
    void anEventIsComparedAtTheMicrosecondPostgresqlKeepsOfIt() {
        // the driver sends 10:00:00.1234565 as .123457: an endpoint created then takes the event
        endpoint("whe_1", Instant.parse("2026-01-31T10:00:00.123457Z"));
        outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", Instant.parse("2026-01-31T10:00:00.1234565Z"));
        assertThat(deliveredTo(2)).containsExactly("whe_1");
    }

    @Test
    void aBatchReadsEachMerchantsEndpointsOnce() throws Exception {
        endpoint("whe_1", AT.minusSeconds(60));
        DefaultUnitOfWork.startAndGet(null).execute(() -> {
            outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT);
            outbox.on(new AffiliateApproved("aff_2", "mer_1"), "evt_2", AT);
            outbox.on(new AffiliateApproved("aff_3", "mer_2"), "evt_3", AT);
        });
        assertThat(sql.stream().filter(statement -> statement.contains("FROM webhook_endpoints"))).hasSize(2);
        assertThat(sql.stream().filter(statement -> statement.contains("INSERT INTO webhook_deliveries"))).hasSize(3);
    }

    @Test
    void everyPublicEventIsRoutedByItsPublicType() {
        Instant received = Instant.parse("2026-01-01T00:00:00Z");
        outbox.on(new AffiliateReinstated("aff_1", "mer_1"), "e", AT);
        outbox.on(new AffiliateSuspended("aff_1", "mer_1", "r"), "e", AT);
        outbox.on(new AffiliateTierPromoted("aff_1", "mer_1", "gold", "0.2", 1, "USD", null, null), "e", AT);
        outbox.on(new CommissionCreated("com_1", "mer_1", "con_1", "aff_1", 0, 1, "0.1", 1, "USD", CommissionKind.COMMISSION,
                null, received), "e", AT);
        outbox.on(new CommissionApproved("com_1", "mer_1", "con_1", "aff_1", 1, "USD"), "e", AT);
        outbox.on(new CommissionVoided("com_1", "mer_1", "con_1", "aff_1", "r"), "e", AT);
        outbox.on(new CommissionPaid("com_1", "mer_1", "con_1", "aff_1", 1, "USD", "ref"), "e", AT);
        outbox.on(new FraudFlagged("mer_1", "aff_1", "con_1", List.of(), "rule", "detail", null), "e", AT);
        outbox.on(new PayoutSent("pay_1", "mer_1", "aff_1", 1, "USD", "ref"), "e", AT);
        outbox.on(new PayoutPaid("pay_1", "mer_1", "aff_1", 1, "USD", "ref"), "e", AT);
        outbox.on(new PayoutFailed("pay_1", "mer_1", "aff_1", 1, "USD", "r"), "e", AT);
        outbox.on(new TaxFormSubmitted("aff_1", "mer_1", "W-9", LocalDate.of(2026, 1, 1), received), "e", AT);
        List<String> types = List.of("affiliate.approved", "affiliate.suspended", "affiliate.tier_promoted",
                "commission.created", "commission.approved", "commission.voided", "commission.paid", "fraud.flagged",
                "payout.sent", "payout.paid", "payout.failed", "tax_form.submitted");
        assertThat(sql).as("no endpoint: one lookup per event, nothing written").hasSize(types.size());
        types.forEach(type -> endpoint("whe_" + type, AT.minusSeconds(60), type));
        sql.clear();
        statements.clear();
        outbox.on(new AffiliateReinstated("aff_1", "mer_1"), "e", AT);
        outbox.on(new CommissionVoided("com_1", "mer_1", "con_1", "aff_1", "r"), "e", AT);
        outbox.on(new TaxFormSubmitted("aff_1", "mer_1", "W-9", LocalDate.of(2026, 1, 1), received), "e", AT);
        assertThat(deliveredTo(2)).containsExactly("whe_affiliate.approved");
        assertThat(deliveredTo(5)).containsExactly("whe_commission.voided");
        assertThat(deliveredTo(8)).containsExactly("whe_tax_form.submitted");
    }

    @Test
    void aMessageIdIsStableForItsEventAndOrderedByTime() {
        String id = WebhookOutbox.messageId("evt_1", AT);
        assertThat(id).matches("msg_[0-9a-z]{26}").isEqualTo(WebhookOutbox.messageId("evt_1", AT));
        assertThat(WebhookOutbox.messageId("evt_2", AT)).isNotEqualTo(id).startsWith(id.substring(0, 14));
        assertThat(WebhookOutbox.messageId("evt_0", AT.plusMillis(1))).isGreaterThan(id);
    }

    private List<TransactionSynchronization> inTransaction(Runnable work) {
        TransactionSynchronizationManager.initSynchronization();
        try {
            work.run();
            return TransactionSynchronizationManager.getSynchronizations();
        } finally {
            TransactionSynchronizationManager.clearSynchronization();
        }
    }

    @Test
    void theDispatcherIsWokenOnceAfterTheTransactionWithNewDeliveriesCommits() {
        endpoint("whe_1", AT.minusSeconds(60), "affiliate.approved");
        List<TransactionSynchronization> registered = inTransaction(() -> {
            outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT);
            outbox.on(new AffiliateApproved("aff_2", "mer_1"), "evt_2", AT);
        });
        assertThat(registered).hasSize(1);
        verify(dispatcher, never()).ifAvailable(any());
        registered.get(0).afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
        verify(dispatcher).ifAvailable(any());
        List<TransactionSynchronization> next = inTransaction(() -> outbox.on(new AffiliateApproved("aff_3", "mer_1"), "evt_3", AT));
        assertThat(next).as("the next transaction wakes it again").hasSize(1);
        next.get(0).afterCompletion(TransactionSynchronization.STATUS_COMMITTED);
    }

    @Test
    void aRolledBackTransactionWakesNobody() {
        endpoint("whe_1", AT.minusSeconds(60), "affiliate.approved");
        List<TransactionSynchronization> registered = inTransaction(() -> outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT));
        registered.get(0).afterCompletion(TransactionSynchronization.STATUS_ROLLED_BACK);
        verify(dispatcher, never()).ifAvailable(any());
    }

    @Test
    void anEventNoEndpointWantsWakesNobody() {
        List<TransactionSynchronization> registered = inTransaction(() -> outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT));
        assertThat(registered).isEmpty();
    }

    @Test
    void outsideATransactionNobodyIsWoken() {
        endpoint("whe_1", AT.minusSeconds(60), "affiliate.approved");
        outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT);
        verify(dispatcher, never()).ifAvailable(any());
    }
}
