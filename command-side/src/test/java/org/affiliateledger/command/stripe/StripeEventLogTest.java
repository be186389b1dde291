package org.affiliateledger.command.stripe;

import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/** The log of handled Stripe events: what each did, kept once per event id, its type and outcome cut to their columns. */
class StripeEventLogTest {
    private static final Instant CREATED = Instant.parse("2026-02-28T12:00:00Z");
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final StripeEventLog log = new StripeEventLog(jdbc);

    {
        when(jdbc.sql(anyString())).thenReturn(statement);
    }

    @Test
    void keepsAnEventOnceWithItsOutcome() {
        log.handled("mer_1", "evt_1", "charge.succeeded", CREATED, "recorded conversion cnv_1");
        verify(jdbc).sql(contains("ON CONFLICT (merchant_id, event_id) DO NOTHING"));
        verify(statement).params("mer_1", "evt_1", "charge.succeeded", Timestamp.from(CREATED), "recorded conversion cnv_1");
        verify(statement).update();
    }

    @Test
    void cutsATypeAndAnOutcomeLongerThanTheirColumns() {
        log.handled("mer_1", "evt_1", "t".repeat(101), CREATED, "o".repeat(1001));
        verify(statement).params("mer_1", "evt_1", "t".repeat(100), Timestamp.from(CREATED), "o".repeat(1000));
    }

    @Test
    void keepsATypeAndAnOutcomeThatFitTheirColumnsWhole() {
        log.handled("mer_1", "evt_1", "t".repeat(100), CREATED, "o".repeat(1000));
        verify(statement).params("mer_1", "evt_1", "t".repeat(100), Timestamp.from(CREATED), "o".repeat(1000));
    }

    @Test
    @SuppressWarnings("unchecked")
    void answersTheOutcomeOfAnEventAlreadyHandled() {
        JdbcClient.MappedQuerySpec<String> result = mock(JdbcClient.MappedQuerySpec.class);
        when(statement.query(String.class)).thenReturn(result);
        when(result.optional()).thenReturn(Optional.of("recorded conversion cnv_1"));
        assertThat(log.outcomeOf("mer_1", "evt_1")).contains("recorded conversion cnv_1");
        verify(statement).params("mer_1", "evt_1");
    }
}
