package org.affiliateledger.query.finance;

import org.affiliateledger.events.commission.CommissionStatus;

import java.util.Locale;

/**
 * Where a commission's money is, from the affiliate's point of view. Every balance movement takes an amount out of one
 * bucket and puts it into another; {@link #EARNED} is where commissions come from, {@link #REDUCED}, {@link #VOIDED},
 * {@link #PAID} and {@link #CLAWED_BACK} where money leaves the open balance, and {@link #PENDING}, {@link #HELD},
 * {@link #APPROVED} and {@link #IN_PAYOUT} the open balance itself. As every movement leaves one bucket and enters
 * another, the buckets sum to zero, which is the balance invariant:
 * earned − reduced − voided − clawed back − paid = pending + held + approved + in payout.
 */
public enum Bucket {
    EARNED, PENDING, HELD, APPROVED, IN_PAYOUT, PAID, VOIDED, REDUCED, CLAWED_BACK;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The open buckets: what the affiliate has earned and not yet been paid (nor lost). */
    public boolean open() {
        return this == PENDING || this == HELD || this == APPROVED || this == IN_PAYOUT;
    }

    /**
     * The bucket of a commission in {@code status}: a fraud flag holds a pending commission (it cannot be approved until
     * cleared), a payout's reservation moves an approved one into {@link #IN_PAYOUT}; rejected ones count as voided.
     */
    static Bucket of(CommissionStatus status, boolean flagged, String payoutId) {
        return switch (status) {
            case PENDING -> flagged ? HELD : PENDING;
            case HELD -> HELD;
            case APPROVED -> payoutId != null ? IN_PAYOUT : APPROVED;
            case PAID -> PAID;
            case REJECTED, VOIDED -> VOIDED;
        };
    }
}
