package org.affiliateledger.command.link;

import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Click sessions: one row per click that expires after the program's window; only a live session of the merchant attributes. */
class ClickSessionsTest {
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final ClickSessions sessions = new ClickSessions(jdbc);

    {
        when(jdbc.sql(anyString())).thenReturn(statement);
    }

    @Test
    void recordsAClickThatExpiresAfterTheProgramsWindowWithItsHeadersCut() {
        String sessionId = sessions.record(new AffiliateLinks.Target("mer_1", "https://shop.example", 14, "aff_1", "jane"), AT,
                "r".repeat(501), "u".repeat(301));

        assertThat(sessionId).startsWith("ses_");
        ArgumentCaptor<Object> values = ArgumentCaptor.forClass(Object.class);
        verify(statement).params(values.capture(), values.capture(), values.capture(), values.capture(), values.capture(),
                values.capture(), values.capture(), values.capture());
        assertThat(values.getAllValues()).containsExactly(sessionId, "mer_1", "aff_1", "jane", Timestamp.from(AT),
                Timestamp.from(Instant.parse("2026-03-15T10:00:00Z")), "r".repeat(500), "u".repeat(300));
        verify(statement).update();
    }

    @Test
    void keepsHeadersThatFitWholeAndMissingOnesMissing() {
        sessions.record(new AffiliateLinks.Target("mer_1", "https://shop.example", 1, "aff_1", "jane"), AT, "r".repeat(500), null);
        ArgumentCaptor<Object> values = ArgumentCaptor.forClass(Object.class);
        verify(statement).params(values.capture(), values.capture(), values.capture(), values.capture(), values.capture(),
                values.capture(), values.capture(), values.capture());
        assertThat(values.getAllValues().subList(6, 8)).containsExactly("r".repeat(500), null);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLiveSessionOfTheMerchantNamesItsAffiliate() {
        JdbcClient.MappedQuerySpec<String> result = mock(JdbcClient.MappedQuerySpec.class);
        when(statement.query(String.class)).thenReturn(result);
        when(result.optional()).thenReturn(Optional.of("aff_1"));
        String session = "ses_01hzy8xv4q6n2r5t7w9y1b3d5f";
        assertThat(sessions.affiliateOf("mer_1", session, AT)).contains("aff_1");
        verify(statement).params(session, "mer_1", Timestamp.from(AT));
    }

    @Test
    void somethingThatIsNotASessionIdNamesNobody() {
        assertThat(sessions.affiliateOf("mer_1", "cookie-123", AT)).isEmpty();
        verifyNoInteractions(jdbc);
    }
}
