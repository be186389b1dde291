package org.affiliateledger.command.payout;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * The command side's payout index: which status each commission event leaves a commission in (a payout picks up only
 * approved ones in no payout), and which payouts count toward the year's tax-form total.
 */
class PayoutLedgerTest {
    private static final String COM = "com_1";
    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final PayoutLedger ledger = new PayoutLedger(jdbc);

    {
        when(jdbc.sql(anyString())).thenReturn(statement);
    }

    private void leavesCommissionIn(String status) {
        verify(jdbc).sql("UPDATE payout_commission_index SET status = ? WHERE commission_id = ?");
        verify(statement).params(status, COM);
        verify(statement).update();
    }

    @Test
    void indexesANewCommissionAsPendingWithItsAmount() {
        ledger.on(new CommissionCreated(COM, "mer_1", "cnv_1", "aff_1", 0, 4900, "10", 490, "USD", CommissionKind.COMMISSION, null, null));
        verify(jdbc).sql(contains("INSERT INTO payout_commission_index"));
        verify(statement).params(COM, "mer_1", "aff_1", "USD", 490L);
        verify(statement).update();
    }

    @Test
    void anApprovedCommissionBecomesEligible() {
        ledger.on(new CommissionApproved(COM, "mer_1", "cnv_1", "aff_1", 490, "USD"));
        leavesCommissionIn("approved");
    }

    @Test
    void aRejectedCommissionIsNotEligible() {
        ledger.on(new CommissionRejected(COM, "mer_1", "cnv_1", "aff_1", "fraud"));
        leavesCommissionIn("rejected");
    }

    @Test
    void aVoidedCommissionIsNotEligible() {
        ledger.on(new CommissionVoided(COM, "mer_1", "cnv_1", "aff_1", "refund"));
        leavesCommissionIn("voided");
    }

    @Test
    void aPaidCommissionIsNotEligibleAgain() {
        ledger.on(new CommissionPaid(COM, "mer_1", "cnv_1", "aff_1", 490, "USD", "wire"));
        leavesCommissionIn("paid");
    }

    @Test
    void aHeldCommissionIsNotEligibleWhileHeld() {
        ledger.on(new CommissionHeld(COM, "mer_1", "cnv_1", "aff_1", CommissionStatus.APPROVED, "dispute", "dp_1"));
        leavesCommissionIn("held");
    }

    @Test
    void aReleasedCommissionGoesBackToWhereItWasHeldFrom() {
        ledger.on(new CommissionReleased(COM, "mer_1", "cnv_1", "aff_1", CommissionStatus.APPROVED, "dp_1"));
        leavesCommissionIn("approved");
    }

    @Test
    void aReducedCommissionIsPaidOutAtItsNewAmount() {
        ledger.on(new CommissionReduced(COM, "mer_1", "cnv_1", "aff_1", 490, 368, "USD", "re_1"));
        verify(jdbc).sql("UPDATE payout_commission_index SET amount_cents = ? WHERE commission_id = ?");
        verify(statement).params(368L, COM);
        verify(statement).update();
    }

    @Test
    void aCommissionInAPayoutIsReservedForIt() {
        ledger.on(new CommissionIncludedInPayout(COM, "mer_1", "aff_1", "pay_1", 490, "USD"));
        verify(jdbc).sql("UPDATE payout_commission_index SET payout_id = ? WHERE commission_id = ?");
        verify(statement).params("pay_1", COM);
        verify(statement).update();
    }

    @Test
    void aCommissionReleasedFromAFailedPayoutIsEligibleAgain() {
        ledger.on(new CommissionReleasedFromPayout(COM, "mer_1", "aff_1", "pay_1", "bounced"));
        verify(jdbc).sql("UPDATE payout_commission_index SET payout_id = NULL WHERE commission_id = ?");
        verify(statement).params(COM);
        verify(statement).update();
    }

    @Test
    void indexesANewPayoutForTheYearsTotal() {
        Instant created = Instant.parse("2026-11-02T10:00:00Z");
        ledger.on(new PayoutCreated("pay_1", "mer_1", "aff_1", "pob_1", "USD", 740, List.of(COM), created));
        verify(jdbc).sql(contains("INSERT INTO payout_index"));
        verify(statement).params("pay_1", "mer_1", "aff_1", "USD", 740L, Timestamp.from(created));
        verify(statement).update();
    }

    @Test
    void aFailedPayoutNoLongerCountsTowardTheYear() {
        ledger.on(new PayoutFailed("pay_1", "mer_1", "aff_1", 740, "USD", "bounced"));
        verify(jdbc).sql("UPDATE payout_index SET status = 'failed' WHERE payout_id = ?");
        verify(statement).params("pay_1");
        verify(statement).update();
    }

    @Test
    void totalsTheCalendarYearInUtcFromItsFirstInstantToTheNextYearsFirst() {
        @SuppressWarnings("unchecked")
        JdbcClient.MappedQuerySpec<Long> total = mock(JdbcClient.MappedQuerySpec.class);
        when(statement.query(Long.class)).thenReturn(total);
        when(total.single()).thenReturn(59_000L);
        assertThat(ledger.yearToDateCents("mer_1", "aff_1", "USD", 2026)).isEqualTo(59_000L);
        verify(statement).params("mer_1", "aff_1", "USD", Timestamp.from(Instant.parse("2026-01-01T00:00:00Z")),
                Timestamp.from(Instant.parse("2027-01-01T00:00:00Z")));
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void listsTheEligibleCommissionsOfOneAffiliateAndCurrencyWithTheFailedPayoutStillReservingOne() {
        when(statement.query(any(RowMapper.class))).thenAnswer(call -> {
            RowMapper<?> mapper = call.getArgument(0);
            ResultSet free = mock(ResultSet.class);
            when(free.getString("commission_id")).thenReturn("com_1");
            ResultSet reserved = mock(ResultSet.class);
            when(reserved.getString("commission_id")).thenReturn("com_2");
            when(reserved.getString("payout_id")).thenReturn("pay_0");
            List<?> rows = List.of(mapper.mapRow(free, 0), mapper.mapRow(reserved, 1));
            JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
            when(result.list()).thenReturn(rows);
            return result;
        });
        assertThat(ledger.eligibleCommissions("mer_1", "aff_1", "USD")).containsExactly(
                new PayoutLedger.Candidate("com_1", null), new PayoutLedger.Candidate("com_2", "pay_0"));
        verify(jdbc).sql(contains("c.payout_id IS NULL OR p.status = 'failed'"));
        verify(statement).params("mer_1", "aff_1", "USD");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void listsEveryAccountWithEligibleCommissionsInOneOrEveryCurrency() {
        when(statement.query(any(RowMapper.class))).thenAnswer(call -> {
            RowMapper<?> mapper = call.getArgument(0);
            ResultSet row = mock(ResultSet.class);
            when(row.getString("affiliate_id")).thenReturn("aff_1");
            when(row.getString("currency")).thenReturn("EUR");
            Object account = mapper.mapRow(row, 0);
            JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
            when(result.list()).thenReturn(List.of(account));
            return result;
        });
        assertThat(ledger.eligibleAccounts("mer_1", null)).containsExactly(new PayoutLedger.Account("aff_1", "EUR"));
        verify(statement).params("mer_1", null, null);
    }
}
