package org.affiliateledger.command.payout;

import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionHeld;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionPaid;
import org.affiliateledger.events.commission.CommissionReduced;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionReleased;
import org.affiliateledger.events.commission.CommissionReleasedFromPayout;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The command side's own index for payouts, kept in the transaction of the events it follows (a subscribing
 * processor, like the API keys): which commissions of an affiliate are approved and in no payout (what a payout picks
 * up), and each affiliate's payouts per year (for the tax-form threshold). It only finds candidates; the Commission
 * aggregate still refuses one that is not approved or already reserved, so a stale row can never pay twice.
 */
@Component
@ProcessingGroup(PayoutLedger.GROUP)
public class PayoutLedger {
    public static final String GROUP = "payout-ledger";
    private final JdbcClient jdbc;

    public PayoutLedger(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An affiliate's balance in one currency that no payout has taken yet. */
    public record Account(String affiliateId, String currency) {
    }

    /**
     * A commission a payout may take: approved and in no payout, or still reserved by a payout that failed
     * ({@code failedPayoutId}): the payout saga releases those soon after the failure, and until it has, a new payout
     * releases them itself.
     */
    public record Candidate(String commissionId, String failedPayoutId) {
    }

    public List<Candidate> eligibleCommissions(String merchantId, String affiliateId, String currency) {
        return jdbc.sql("""
                        SELECT c.commission_id, c.payout_id FROM payout_commission_index c
                        LEFT JOIN payout_index p ON p.payout_id = c.payout_id
                        WHERE c.merchant_id = ? AND c.affiliate_id = ? AND c.currency = ? AND c.status = 'approved'
                          AND (c.payout_id IS NULL OR p.status = 'failed')
                        ORDER BY c.commission_id""")
                .params(merchantId, affiliateId, currency)
                .query((rs, n) -> new Candidate(rs.getString("commission_id"), rs.getString("payout_id"))).list();
    }

    /**
     * Every affiliate and currency with approved commissions a payout may take (clawbacks included; see
     * {@link Candidate}), oldest affiliate first.
     */
    public List<Account> eligibleAccounts(String merchantId, String currency) {
        return jdbc.sql("""
                        SELECT DISTINCT c.affiliate_id, c.currency FROM payout_commission_index c
                        LEFT JOIN payout_index p ON p.payout_id = c.payout_id
                        WHERE c.merchant_id = ? AND c.status = 'approved' AND (c.payout_id IS NULL OR p.status = 'failed')
                          AND (CAST(? AS TEXT) IS NULL OR c.currency = ?)
                        ORDER BY c.affiliate_id, c.currency""")
                .params(merchantId, currency, currency)
                .query((rs, n) -> new Account(rs.getString("affiliate_id"), rs.getString("currency"))).list();
    }

    /** Payouts created in {@code year} (UTC) for this affiliate and currency that did not fail. */
    public long yearToDateCents(String merchantId, String affiliateId, String currency, int year) {
        Instant from = LocalDate.of(year, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = LocalDate.of(year + 1, 1, 1).atStartOfDay(ZoneOffset.UTC).toInstant();
        return jdbc.sql("""
                        SELECT COALESCE(SUM(amount_cents), 0) FROM payout_index
                        WHERE merchant_id = ? AND affiliate_id = ? AND currency = ? AND status <> 'failed'
                          AND created_at >= ? AND created_at < ?""")
                .params(merchantId, affiliateId, currency, Timestamp.from(from), Timestamp.from(to))
                .query(Long.class).single();
    }

    @EventHandler
    void on(CommissionCreated event) {
        jdbc.sql("""
                        INSERT INTO payout_commission_index (commission_id, merchant_id, affiliate_id, currency, amount_cents, status)
                        VALUES (?, ?, ?, ?, ?, 'pending') ON CONFLICT (commission_id) DO NOTHING""")
                .params(event.commissionId(), event.merchantId(), event.affiliateId(), event.currency(), event.amountCents())
                .update();
    }

    @EventHandler
    void on(CommissionApproved event) {
        status(event.commissionId(), "approved");
    }

    @EventHandler
    void on(CommissionRejected event) {
        status(event.commissionId(), "rejected");
    }

    @EventHandler
    void on(CommissionVoided event) {
        status(event.commissionId(), "voided");
    }

    @EventHandler
    void on(CommissionPaid event) {
        status(event.commissionId(), "paid");
    }

    @EventHandler
    void on(CommissionHeld event) {
        status(event.commissionId(), "held");
    }

    @EventHandler
    void on(CommissionReleased event) {
        status(event.commissionId(), event.restoredTo().wireName());
    }

    @EventHandler
    void on(CommissionReduced event) {
        jdbc.sql("UPDATE payout_commission_index SET amount_cents = ? WHERE commission_id = ?")
                .params(event.amountCents(), event.commissionId()).update();
    }

    @EventHandler
    void on(CommissionIncludedInPayout event) {
        jdbc.sql("UPDATE payout_commission_index SET payout_id = ? WHERE commission_id = ?")
                .params(event.payoutId(), event.commissionId()).update();
    }

    @EventHandler
    void on(CommissionReleasedFromPayout event) {
        jdbc.sql("UPDATE payout_commission_index SET payout_id = NULL WHERE commission_id = ?")
                .params(event.commissionId()).update();
    }

    @EventHandler
    void on(PayoutCreated event) {
        jdbc.sql("""
                        INSERT INTO payout_index (payout_id, merchant_id, affiliate_id, currency, amount_cents, status, created_at)
                        VALUES (?, ?, ?, ?, ?, 'created', ?) ON CONFLICT (payout_id) DO NOTHING""")
                .params(event.payoutId(), event.merchantId(), event.affiliateId(), event.currency(), event.amountCents(),
                        Timestamp.from(event.createdAt()))
                .update();
    }

    @EventHandler
    void on(PayoutFailed event) {
        jdbc.sql("UPDATE payout_index SET status = 'failed' WHERE payout_id = ?").params(event.payoutId()).update();
    }

    private void status(String commissionId, String status) {
        jdbc.sql("UPDATE payout_commission_index SET status = ? WHERE commission_id = ?").params(status, commissionId).update();
    }
}
