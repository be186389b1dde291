package org.affiliateledger.command.conversion;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.conversion.FraudObservations;
import org.affiliateledger.events.merchant.FraudRules;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * What the fraud rules are given to decide on (the rules themselves are the Conversion's, see ConversionTest): which
 * affiliate owns the customer's email, the click session's conversions in the window, the affiliate's refunds; only
 * for the rules that are on.
 */
class FraudScreenTest {
    /** The screen as a whole, its counts answered by a stand-in for the conversion_signal table. */
    @Nested
    class Screen {
        private static final Instant AT = Instant.parse("2026-02-01T12:00:00Z");
        private final JdbcClient jdbc = mock(JdbcClient.class);
        private final UniqueClaims claims = mock(UniqueClaims.class);
        private final FraudScreen screen = new FraudScreen(jdbc, claims);
        private final JdbcClient.StatementSpec insert = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
        private final JdbcClient.StatementSpec velocityCount = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
        private final JdbcClient.StatementSpec refundCounts = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);

        @BeforeEach
        void theTableAnswers() {
            when(jdbc.sql(contains("INSERT INTO conversion_signal"))).thenReturn(insert);
            when(jdbc.sql(contains("SELECT count(*) FROM conversion_signal"))).thenReturn(velocityCount);
            when(jdbc.sql(contains("count(*) FILTER (WHERE refunded)"))).thenReturn(refundCounts);
        }

        private void sessionCount(long count) {
            @SuppressWarnings("unchecked")
            JdbcClient.MappedQuerySpec<Long> result = mock(JdbcClient.MappedQuerySpec.class);
            when(result.single()).thenReturn(count);
            when(velocityCount.query(Long.class)).thenReturn(result);
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        private void affiliateCounts(long conversions, long refunded) {
            when(refundCounts.query(any(RowMapper.class))).thenAnswer(call -> {
                RowMapper<?> mapper = call.getArgument(0);
                ResultSet row = mock(ResultSet.class);
                when(row.getLong("conversions")).thenReturn(conversions);
                when(row.getLong("refunded")).thenReturn(refunded);
                Object counts = mapper.mapRow(row, 0);
                JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
                when(result.single()).thenReturn(counts);
                return result;
            });
        }

        private static FraudScreen.Screened conversion(String sessionId, String email) {
            return new FraudScreen.Screened("mer_1", "aff_1", "cnv_1", sessionId, email, AT);
        }

        private static FraudRules rules(boolean selfReferral, boolean velocity, boolean refundRate) {
            return new FraudRules(new FraudRules.SelfReferral(selfReferral), new FraudRules.Velocity(velocity, 3, 60),
                    new FraudRules.RefundRate(refundRate, "30", 5));
        }

        @Test
        void namesTheAffiliateWhoseEmailTheCustomerUsed() {
            when(claims.ownerOf("mer_1", "affiliate.email", "ann@example.com")).thenReturn(Optional.of("aff_1"));
            assertThat(screen.observe(conversion(null, "  Ann@Example.com "), rules(true, false, false)))
                    .isEqualTo(new FraudObservations("aff_1", null, null, null));
        }

        @Test
        void namesNoAffiliateForACustomerEmailNoAffiliateHas() {
            when(claims.ownerOf("mer_1", "affiliate.email", "bob@example.com")).thenReturn(Optional.empty());
            assertThat(screen.observe(conversion(null, "bob@example.com"), rules(true, false, false)))
                    .isEqualTo(FraudObservations.NONE);
        }

        @Test
        void doesNotLookForSelfReferralWhenTheRuleIsOffOrThereIsNoEmail() {
            assertThat(screen.observe(conversion(null, "ann@example.com"), rules(false, false, false))).isEqualTo(FraudObservations.NONE);
            assertThat(screen.observe(conversion(null, null), rules(true, false, false))).isEqualTo(FraudObservations.NONE);
            verify(claims, never()).ownerOf(any(), any(), any());
        }

        @Test
        void recordsEveryConversionBeforeCountingSoTheCountIncludesIt() {
            sessionCount(4);
            assertThat(screen.observe(conversion("ses_1", null), rules(false, true, false)))
                    .isEqualTo(new FraudObservations(null, 4L, null, null));
            verify(insert).params("mer_1", "cnv_1", "aff_1", "ses_1", Timestamp.from(AT));
            verify(insert).update();
            verify(velocityCount).params("mer_1", "ses_1", Timestamp.from(AT.minusSeconds(3600)));
        }

        @Test
        void countsNoSessionWhenTheConversionHasNoneOrTheRuleIsOff() {
            assertThat(screen.observe(conversion(null, null), rules(false, true, false))).isEqualTo(FraudObservations.NONE);
            assertThat(screen.observe(conversion("ses_1", null), rules(false, false, false))).isEqualTo(FraudObservations.NONE);
            verify(jdbc, never()).sql(contains("SELECT count(*) FROM conversion_signal"));
            verify(insert, org.mockito.Mockito.times(2)).update();
        }

        @Test
        void countsTheAffiliatesEarlierConversionsAndRefunds() {
            affiliateCounts(9, 3);
            assertThat(screen.observe(conversion(null, null), rules(false, false, true)))
                    .isEqualTo(new FraudObservations(null, null, 9L, 3L));
            verify(refundCounts).params("mer_1", "aff_1");
        }

        @Test
        void doesNotCountRefundsWhenTheRuleIsOff() {
            assertThat(screen.observe(conversion(null, null), rules(false, false, false))).isEqualTo(FraudObservations.NONE);
            verify(jdbc, never()).sql(contains("count(*) FILTER (WHERE refunded)"));
        }

        @Test
        void observesForEveryRuleThatIsOn() {
            when(claims.ownerOf("mer_1", "affiliate.email", "ann@example.com")).thenReturn(Optional.of("aff_1"));
            sessionCount(10);
            affiliateCounts(5, 5);
            assertThat(screen.observe(conversion("ses_1", "ann@example.com"), rules(true, true, true)))
                    .isEqualTo(new FraudObservations("aff_1", 10L, 5L, 5L));
        }

        @Test
        void toleratesAProgramWithoutFraudRules() {
            assertThat(screen.observe(conversion("ses_1", "ann@example.com"), new FraudRules(null, null, null)))
                    .isEqualTo(FraudObservations.NONE);
            verify(insert).update();
        }

        @Test
        void marksAConversionRefundedOnItsFirstRefund() {
            JdbcClient.StatementSpec update = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
            when(jdbc.sql("UPDATE conversion_signal SET refunded = true WHERE conversion_id = ? AND NOT refunded")).thenReturn(update);
            screen.refunded("cnv_1");
            verify(update).params("cnv_1");
            verify(update).update();
        }
    }
}
