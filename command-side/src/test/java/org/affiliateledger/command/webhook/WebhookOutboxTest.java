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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
    private final Map<String, List<String>> endpointsByType = new LinkedHashMap<>();
    @SuppressWarnings("unchecked")
    private final ObjectProvider<WebhookDispatcher> dispatcher = mock(ObjectProvider.class);
    private final WebhookOutbox outbox = new WebhookOutbox(jdbc, dispatcher);

    {
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            when(statement.params(any(Object[].class))).thenAnswer(params -> {
                Object[] values = params.getArguments();
                if (values.length == 3 && sql.get(sql.size() - 1).startsWith("SELECT id FROM webhook_endpoints")) {
                    @SuppressWarnings("unchecked")
                    JdbcClient.MappedQuerySpec<String> ids = mock(JdbcClient.MappedQuerySpec.class);
                    when(ids.list()).thenReturn(endpointsByType.getOrDefault((String) values[2], List.of()));
                    when(statement.query(String.class)).thenReturn(ids);
                }
                return statement;
            });
            sql.add(call.getArgument(0));
            statements.add(statement);
            return statement;
        });
    }

    @Test
    void anEventNoEndpointWantsLeavesNoMessage() {
        outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT);
        assertThat(sql).singleElement().asString().contains("enabled AND deleted_at IS NULL AND created_at <= ?")
                .contains("cardinality(event_types) = 0 OR ? = ANY (event_types)");
        verify(statements.get(0)).params("mer_1", Timestamp.from(AT), "affiliate.approved");
    }

    @Test
    void anEventIsOneMessageAndOnePendingDeliveryPerEndpointDueAtOnce() {
        endpointsByType.put("affiliate.approved", List.of("whe_1", "whe_2"));
        outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT);
        String messageId = WebhookOutbox.messageId("evt_1", AT);
        Timestamp when = Timestamp.from(AT);
        assertThat(sql).hasSize(4);
        assertThat(sql.get(1)).contains("INSERT INTO webhook_messages").contains("ON CONFLICT (id) DO NOTHING");
        verify(statements.get(1)).params(messageId, "mer_1", "evt_1", "affiliate.approved",
                "{\"type\":\"affiliate.approved\",\"timestamp\":\"" + Timestamps.format(AT)
                        + "\",\"data\":{\"affiliateId\":\"aff_1\"}}", when);
        verify(statements.get(1)).update();
        verify(statements.get(2)).params(messageId, "whe_1", "mer_1", when, when, when);
        verify(statements.get(2)).update();
        verify(statements.get(3)).params(messageId, "whe_2", "mer_1", when, when, when);
        verify(statements.get(3)).update();
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
        assertThat(sql).hasSize(types.size());
        for (int i = 0; i < types.size(); i++) {
            verify(statements.get(i)).params("mer_1", Timestamp.from(AT), types.get(i));
        }
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
        endpointsByType.put("affiliate.approved", List.of("whe_1"));
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
        endpointsByType.put("affiliate.approved", List.of("whe_1"));
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
        endpointsByType.put("affiliate.approved", List.of("whe_1"));
        outbox.on(new AffiliateApproved("aff_1", "mer_1"), "evt_1", AT);
        verify(dispatcher, never()).ifAvailable(any());
    }
}
