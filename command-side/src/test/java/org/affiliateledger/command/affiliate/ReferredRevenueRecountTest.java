package org.affiliateledger.command.affiliate;

import org.affiliateledger.events.affiliate.RecountReferredRevenue;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.MetaData;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * The one-off recount: given the history and the time counting began, when the ledger starts, then each affiliate's
 * sales from before that time are sent as one recount per (merchant, affiliate, currency), once per store.
 */
class ReferredRevenueRecountTest {
    private static final Instant COUNTING_BEGAN = Instant.parse("2026-06-01T00:00:00Z");
    private final EmbeddedEventStore store = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final CommandGateway commands = mock(CommandGateway.class);
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final List<String> sql = new ArrayList<>();
    private final ReferredRevenueRecount recount = new ReferredRevenueRecount(store, commands, jdbc);
    private long finishedRows;
    private Instant countedSince = COUNTING_BEGAN;
    private long sequence;

    @SuppressWarnings({"unchecked", "rawtypes"})
    ReferredRevenueRecountTest() {
        when(jdbc.sql(anyString())).thenAnswer(call -> {
            String text = call.getArgument(0);
            sql.add(text);
            JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            JdbcClient.MappedQuerySpec count = mock(JdbcClient.MappedQuerySpec.class);
            when(count.single()).thenReturn(finishedRows);
            when(statement.query(Long.class)).thenReturn(count);
            JdbcClient.MappedQuerySpec installed = mock(JdbcClient.MappedQuerySpec.class);
            when(installed.optional()).thenReturn(Optional.ofNullable(countedSince).map(Timestamp::from));
            when(statement.query(Timestamp.class)).thenReturn(installed);
            return statement;
        });
    }

    private void recorded(Instant at, Object payload) {
        store.publish(new GenericDomainEventMessage<>("Any", "agg_" + sequence, 0, payload, MetaData.emptyInstance(),
                UUID.randomUUID().toString(), at));
        sequence++;
    }

    private static ConversionRecorded sale(String affiliate, long amount) {
        return new ConversionRecorded("cnv_" + UUID.randomUUID(), "mer_1", affiliate, ConversionSource.MANUAL, null, amount,
                "USD", null, "10", amount / 10, null, COUNTING_BEGAN, null, null, List.of(), null);
    }

    @Test
    void eachAffiliatesSalesBeforeCountingBeganAreSentAsOneRecountBySystem() {
        recorded(COUNTING_BEGAN.minusSeconds(900), new MerchantCreated("mer_1", "Shop", "10", "USD"));
        recorded(COUNTING_BEGAN.minusSeconds(600), sale("aff_1", 4_000));
        recorded(COUNTING_BEGAN.minusSeconds(500), sale("aff_2", 700));
        recorded(COUNTING_BEGAN, sale("aff_1", 99_000));                       // counted by the running total already
        recorded(COUNTING_BEGAN.minusMillis(1), sale("aff_1", 900));           // log order is not time order
        recorded(COUNTING_BEGAN.minusSeconds(400), sale("aff_3", 300));
        ArgumentCaptor<CommandMessage<?>> sent = ArgumentCaptor.forClass(CommandMessage.class);
        when(commands.sendAndWait(sent.capture())).thenReturn(Boolean.TRUE, Boolean.FALSE, Boolean.TRUE);

        assertThat(recount.recount()).as("only the recounts this call completed").isEqualTo(2);

        assertThat(sent.getAllValues().stream().map(m -> (Object) m.getPayload()).toList()).containsExactly(
                new RecountReferredRevenue("aff_1", "mer_1", "USD", 4_900, COUNTING_BEGAN),
                new RecountReferredRevenue("aff_2", "mer_1", "USD", 700, COUNTING_BEGAN),
                new RecountReferredRevenue("aff_3", "mer_1", "USD", 300, COUNTING_BEGAN));
        assertThat(sent.getValue().getMetaData()).containsEntry(AuditMetadata.ACTOR, "system");
        assertThat(sql).last().asString().contains("INSERT INTO referred_revenue_recounts").contains("'*', '*', '*', 0");
    }

    @Test
    void aFinishedRecountReadsNothingAndSendsNothing() {
        finishedRows = 1;
        recorded(COUNTING_BEGAN.minusSeconds(900), new MerchantCreated("mer_1", "Shop", "10", "USD"));
        recorded(COUNTING_BEGAN.minusSeconds(600), sale("aff_1", 4_000));
        assertThat(recount.recount()).isZero();
        verifyNoInteractions(commands);
        assertThat(sql).hasSize(1);
    }

    @Test
    void aStoreCreatedAfterCountingBeganHasNothingToRecountButIsMarkedFinished() {
        countedSince = null;
        recorded(COUNTING_BEGAN.minusSeconds(900), new MerchantCreated("mer_1", "Shop", "10", "USD"));
        recorded(COUNTING_BEGAN.minusSeconds(600), sale("aff_1", 4_000));
        assertThat(recount.recount()).isZero();
        verifyNoInteractions(commands);
        assertThat(sql).last().asString().contains("INSERT INTO referred_revenue_recounts");
    }

    @Test
    void anEmptyHistoryIsMarkedFinishedWithoutWaiting() {
        assertThat(recount.recount()).isZero();
        verifyNoInteractions(commands);
        assertThat(sql).hasSize(3).last().asString().contains("INSERT INTO referred_revenue_recounts");
    }

    @Test
    void theRecountRunsAtStart() throws Exception {
        recorded(COUNTING_BEGAN.minusSeconds(900), new MerchantCreated("mer_1", "Shop", "10", "USD"));
        recorded(COUNTING_BEGAN.minusSeconds(600), sale("aff_1", 4_000));
        when(commands.sendAndWait(any())).thenReturn(Boolean.TRUE);
        recount.run(null);
        verify(commands, times(1)).sendAndWait(any());
    }
}
