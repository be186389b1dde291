package org.affiliateledger.query.finance;

import org.affiliateledger.events.commission.CommissionStatus;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The buckets of a commission and the running balance a statement keeps, on hand-made movements. */
class BalanceTest {

    @Test
    void aCommissionsBucketFollowsItsStatusFlagAndPayout() {
        assertThat(Bucket.of(CommissionStatus.PENDING, false, null)).isEqualTo(Bucket.PENDING);
        assertThat(Bucket.of(CommissionStatus.PENDING, true, null)).as("a fraud flag holds it").isEqualTo(Bucket.HELD);
        assertThat(Bucket.of(CommissionStatus.HELD, false, null)).isEqualTo(Bucket.HELD);
        assertThat(Bucket.of(CommissionStatus.APPROVED, true, null)).as("a flag does not hold an approved one").isEqualTo(Bucket.APPROVED);
        assertThat(Bucket.of(CommissionStatus.APPROVED, false, "pay_1")).isEqualTo(Bucket.IN_PAYOUT);
        assertThat(Bucket.of(CommissionStatus.PAID, false, "pay_1")).isEqualTo(Bucket.PAID);
        assertThat(Bucket.of(CommissionStatus.REJECTED, false, null)).isEqualTo(Bucket.VOIDED);
        assertThat(Bucket.of(CommissionStatus.VOIDED, false, null)).isEqualTo(Bucket.VOIDED);
    }

    @Test
    void aPaidCommissionClawedBackThenNettedInTheNextPayout() {
        Balance.Running running = new Balance.Running("aff_1", "USD");
        running.apply(Bucket.EARNED, Bucket.PENDING, 490, false);
        running.apply(Bucket.PENDING, Bucket.APPROVED, 490, false);
        running.apply(Bucket.APPROVED, Bucket.IN_PAYOUT, 490, false);
        running.apply(Bucket.IN_PAYOUT, Bucket.PAID, 490, false);
        // refunded in full: a -490 clawback enters pending and is approved at once
        running.apply(Bucket.PENDING, Bucket.CLAWED_BACK, 490, true);
        Balance clawedBack = running.balance();
        assertThat(clawedBack.pending()).isEqualTo(-490);
        assertThat(clawedBack.outstanding()).as("the merchant is owed back what it paid").isEqualTo(-490);
        assertThat(clawedBack.unrecoveredClawbacks()).isEqualTo(490);
        running.apply(Bucket.PENDING, Bucket.APPROVED, -490, true);
        assertThat(running.balance().outstanding()).isEqualTo(-490);
        assertThat(running.balance().approved()).isEqualTo(-490);
        // a new sale of 900 approved, then both paid in one payout of 410
        running.apply(Bucket.EARNED, Bucket.PENDING, 900, false);
        running.apply(Bucket.PENDING, Bucket.APPROVED, 900, false);
        assertThat(running.balance().outstanding()).isEqualTo(410);
        running.apply(Bucket.APPROVED, Bucket.IN_PAYOUT, 900, false);
        running.apply(Bucket.APPROVED, Bucket.IN_PAYOUT, -490, true);
        running.apply(Bucket.IN_PAYOUT, Bucket.PAID, 900, false);
        running.apply(Bucket.IN_PAYOUT, Bucket.PAID, -490, true);
        Balance settled = running.balance();
        assertThat(settled.earned()).isEqualTo(1390);
        assertThat(settled.clawedBack()).isEqualTo(490);
        assertThat(settled.paid()).as("net of the clawback").isEqualTo(900);
        assertThat(settled.outstanding()).isZero();
        assertThat(settled.unrecoveredClawbacks()).isZero();
        assertThat(settled.earned() - settled.reduced() - settled.voided() - settled.clawedBack() - settled.paid())
                .isEqualTo(settled.pending() + settled.held() + settled.approved() + settled.inPayout());
    }

    @Test
    void aRunningBalanceStartsFromAnOpeningBalanceUnchanged() {
        Balance.Running running = new Balance.Running("aff_1", "EUR");
        running.apply(Bucket.EARNED, Bucket.PENDING, 1000, false);
        running.apply(Bucket.PENDING, Bucket.REDUCED, 400, false);
        running.apply(Bucket.PENDING, Bucket.HELD, 600, false);
        running.apply(Bucket.PENDING, Bucket.CLAWED_BACK, 50, true);
        Balance opening = running.balance();
        assertThat(Balance.Running.of(opening).balance()).isEqualTo(opening);
        assertThat(opening.outstanding()).isEqualTo(-50);
    }
}
