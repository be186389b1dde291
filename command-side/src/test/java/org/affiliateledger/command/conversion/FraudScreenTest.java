package org.affiliateledger.command.conversion;

import org.affiliateledger.command.support.UniqueClaims;
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

/** The program's fraud rules on a new conversion: self-referral, velocity per click session, refund rate, at their edges. */
class FraudScreenTest {
    private static final FraudRules.Velocity THREE_AN_HOUR = new FraudRules.Velocity(true, 3, 60);
    private static final FraudRules.RefundRate THIRTY_PERCENT_OF_FIVE = new FraudRules.RefundRate(true, "30", 5);

    @Nested
    class VelocityRule {
        @Test
        void allowsExactlyTheMaximumFromOneSession() {
            assertThat(FraudScreen.velocityRule(3, "ses_1", THREE_AN_HOUR)).isEmpty();
        }

        @Test
        void flagsOneMoreThanTheMaximum() {
            assertThat(FraudScreen.velocityRule(4, "ses_1", THREE_AN_HOUR)).contains(new FraudScreen.Flag(FraudScreen.VELOCITY,
                    "4 conversions from session ses_1 within 60 minutes (at most 3 allowed)"));
        }
    }

    @Nested
    class RefundRateRule {
        @Test
        void allowsARefundRateExactlyAtTheMaximum() {
            // 3 of 10 is 30 %: at max_percent, not above it
            assertThat(FraudScreen.refundRateRule(10, 3, THIRTY_PERCENT_OF_FIVE)).isEmpty();
        }

        @Test
        void flagsARefundRateJustAboveTheMaximum() {
            assertThat(FraudScreen.refundRateRule(9, 3, THIRTY_PERCENT_OF_FIVE)).contains(new FraudScreen.Flag(FraudScreen.REFUND_RATE,
                    "3 of the affiliate's 9 conversions were refunded (33.33% > 30%)"));
        }

        @Test
        void allowsAFractionalMaximumExactly() {
            FraudRules.RefundRate rule = new FraudRules.RefundRate(true, "12.5", 1);
            assertThat(FraudScreen.refundRateRule(8, 1, rule)).isEmpty();
            assertThat(FraudScreen.refundRateRule(7, 1, rule)).contains(new FraudScreen.Flag(FraudScreen.REFUND_RATE,
                    "1 of the affiliate's 7 conversions were refunded (14.29% > 12.5%)"));
        }

        @ParameterizedTest(name = "{0} conversions, {1} refunded: judged {2}")
        @CsvSource({"4, 4, false", "5, 5, true"})
        void judgesOnlyFromTheMinimumNumberOfConversionsOn(long conversions, long refunded, boolean judged) {
            assertThat(FraudScreen.refundRateRule(conversions, refunded, THIRTY_PERCENT_OF_FIVE).isPresent()).isEqualTo(judged);
        }

        @Test
        void writesAWholePercentWithoutDecimals() {
            assertThat(FraudScreen.refundRateRule(5, 5, THIRTY_PERCENT_OF_FIVE).map(FraudScreen.Flag::detail))
                    .contains("5 of the affiliate's 5 conversions were refunded (100% > 30%)");
        }

        @Test
        void judgesNothingWithoutConversions() {
            assertThat(FraudScreen.refundRateRule(0, 0, new FraudRules.RefundRate(true, "0", 0))).isEmpty();
        }
    }

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
        void flagsACustomerWhoseEmailIsTheAffiliatesOwn() {
            when(claims.ownerOf("mer_1", "affiliate.email", "ann@example.com")).thenReturn(Optional.of("aff_1"));
            assertThat(screen.screen(conversion(null, "  Ann@Example.com "), rules(true, false, false)))
                    .containsExactly(new FraudScreen.Flag(FraudScreen.SELF_REFERRAL, "the customer's email is the affiliate's own"));
        }

        @Test
        void doesNotFlagACustomerWhoseEmailIsAnotherAffiliates() {
            when(claims.ownerOf("mer_1", "affiliate.email", "bob@example.com")).thenReturn(Optional.of("aff_2"));
            assertThat(screen.screen(conversion(null, "bob@example.com"), rules(true, false, false))).isEmpty();
        }

        @Test
        void doesNotLookForSelfReferralWhenTheRuleIsOffOrThereIsNoEmail() {
            assertThat(screen.screen(conversion(null, "ann@example.com"), rules(false, false, false))).isEmpty();
            assertThat(screen.screen(conversion(null, null), rules(true, false, false))).isEmpty();
            verify(claims, never()).ownerOf(any(), any(), any());
        }

        @Test
        void recordsEveryConversionBeforeCountingSoTheCountIncludesIt() {
            sessionCount(4);
            assertThat(screen.screen(conversion("ses_1", null), rules(false, true, false)))
                    .containsExactly(new FraudScreen.Flag(FraudScreen.VELOCITY,
                            "4 conversions from session ses_1 within 60 minutes (at most 3 allowed)"));
            verify(insert).params("mer_1", "cnv_1", "aff_1", "ses_1", Timestamp.from(AT));
            verify(insert).update();
            verify(velocityCount).params("mer_1", "ses_1", Timestamp.from(AT.minusSeconds(3600)));
        }

        @Test
        void countsNoSessionWhenTheConversionHasNoneOrTheRuleIsOff() {
            assertThat(screen.screen(conversion(null, null), rules(false, true, false))).isEmpty();
            assertThat(screen.screen(conversion("ses_1", null), rules(false, false, false))).isEmpty();
            verify(jdbc, never()).sql(contains("SELECT count(*) FROM conversion_signal"));
            verify(insert, org.mockito.Mockito.times(2)).update();
        }

        @Test
        void flagsAnAffiliateWhoseEarlierConversionsWereRefundedTooOften() {
            affiliateCounts(9, 3);
            assertThat(screen.screen(conversion(null, null), rules(false, false, true)))
                    .containsExactly(new FraudScreen.Flag(FraudScreen.REFUND_RATE,
                            "3 of the affiliate's 9 conversions were refunded (33.33% > 30%)"));
            verify(refundCounts).params("mer_1", "aff_1");
        }

        @Test
        void doesNotCountRefundsWhenTheRuleIsOff() {
            assertThat(screen.screen(conversion(null, null), rules(false, false, false))).isEmpty();
            verify(jdbc, never()).sql(contains("count(*) FILTER (WHERE refunded)"));
        }

        @Test
        void reportsEveryRuleThatFiresInOrder() {
            when(claims.ownerOf("mer_1", "affiliate.email", "ann@example.com")).thenReturn(Optional.of("aff_1"));
            sessionCount(10);
            affiliateCounts(5, 5);
            assertThat(screen.screen(conversion("ses_1", "ann@example.com"), rules(true, true, true)))
                    .extracting(FraudScreen.Flag::rule)
                    .containsExactly(FraudScreen.SELF_REFERRAL, FraudScreen.REFUND_RATE, FraudScreen.VELOCITY);
        }

        @Test
        void toleratesAProgramWithoutFraudRules() {
            assertThat(screen.screen(conversion("ses_1", "ann@example.com"), new FraudRules(null, null, null))).isEmpty();
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
