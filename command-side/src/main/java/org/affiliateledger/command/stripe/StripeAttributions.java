package org.affiliateledger.command.stripe;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.common.Ids;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/**
 * What the ledger has learned from Stripe about who referred whom, kept on the command side:
 * <ul>
 * <li>which affiliate an {@code affiliate_id} metadata value names (an id or a short code of the merchant). Who
 * referred a Stripe customer is no longer kept here but in the event history: {@link StripeCustomers}.</li>
 * <li>{@code stripe_checkout}: payment intent → affiliate, from a Checkout Session's own metadata, for sales whose
 * payment intent carries no metadata of its own; and the sale of such a payment intent when it arrived first.</li>
 * </ul>
 */
@Component
public class StripeAttributions {
    private final JdbcClient jdbc;
    private final UniqueClaims claims;

    public StripeAttributions(JdbcClient jdbc, UniqueClaims claims) {
        this.jdbc = jdbc;
        this.claims = claims;
    }

    /** {@code affiliate_id} metadata: an affiliate id of this merchant, or one of its affiliates' short codes. */
    public Optional<String> resolveAffiliate(String merchantId, String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 255) {
            return Optional.empty();
        }
        String ref = reference.strip();
        if (Ids.AFFILIATE.matches(ref)) {
            return claims.holdsAny(merchantId, "affiliate.short_code", ref) ? Optional.of(ref) : Optional.empty();
        }
        return claims.ownerOf(merchantId, "affiliate.short_code", ref.toLowerCase(Locale.ROOT));
    }

    public record CheckoutAttribution(String affiliateId, String affiliateSessionId) {
    }

    public record WaitingSale(String chargeId, String invoiceId, String customerId, long amountCents, String currency) {
    }

    public void checkoutAttributed(String merchantId, String paymentIntentId, String affiliateId, String sessionId) {
        jdbc.sql("""
                        INSERT INTO stripe_checkout (merchant_id, payment_intent_id, affiliate_id, affiliate_session_id, updated_at)
                        VALUES (?, ?, ?, ?, now())
                        ON CONFLICT (merchant_id, payment_intent_id) DO UPDATE
                        SET affiliate_id = EXCLUDED.affiliate_id, affiliate_session_id = EXCLUDED.affiliate_session_id, updated_at = now()""")
                .params(merchantId, paymentIntentId, affiliateId, sessionId)
                .update();
    }

    public Optional<CheckoutAttribution> checkoutOf(String merchantId, String paymentIntentId) {
        return jdbc.sql("""
                        SELECT affiliate_id, affiliate_session_id FROM stripe_checkout
                        WHERE merchant_id = ? AND payment_intent_id = ? AND affiliate_id IS NOT NULL""")
                .params(merchantId, paymentIntentId)
                .query((rs, n) -> new CheckoutAttribution(rs.getString("affiliate_id"), rs.getString("affiliate_session_id")))
                .optional();
    }

    /** A sale without attribution whose checkout may still tell who referred it. */
    public void saleWaiting(String merchantId, String paymentIntentId, WaitingSale sale) {
        jdbc.sql("""
                        INSERT INTO stripe_checkout (merchant_id, payment_intent_id, charge_id, invoice_id, customer_id,
                                                     amount_cents, currency, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, now())
                        ON CONFLICT (merchant_id, payment_intent_id) DO UPDATE
                        SET charge_id = EXCLUDED.charge_id, invoice_id = EXCLUDED.invoice_id, customer_id = EXCLUDED.customer_id,
                            amount_cents = EXCLUDED.amount_cents, currency = EXCLUDED.currency, updated_at = now()""")
                .params(merchantId, paymentIntentId, sale.chargeId(), sale.invoiceId(), sale.customerId(),
                        sale.amountCents(), sale.currency())
                .update();
    }

    public Optional<WaitingSale> waitingSaleOf(String merchantId, String paymentIntentId) {
        return jdbc.sql("""
                        SELECT charge_id, invoice_id, customer_id, amount_cents, currency FROM stripe_checkout
                        WHERE merchant_id = ? AND payment_intent_id = ? AND charge_id IS NOT NULL""")
                .params(merchantId, paymentIntentId)
                .query((rs, n) -> new WaitingSale(rs.getString("charge_id"), rs.getString("invoice_id"),
                        rs.getString("customer_id"), rs.getLong("amount_cents"), rs.getString("currency")))
                .optional();
    }

    public record InvoicePayment(String chargeId, String paymentIntentId) {
    }

    /** From {@code invoice_payment.paid}: which charge / payment intent paid an invoice. */
    public void invoicePaid(String merchantId, String invoiceId, InvoicePayment payment) {
        jdbc.sql("""
                        INSERT INTO stripe_invoice_payment (merchant_id, invoice_id, charge_id, payment_intent_id, updated_at)
                        VALUES (?, ?, ?, ?, now())
                        ON CONFLICT (merchant_id, invoice_id) DO UPDATE
                        SET charge_id = COALESCE(EXCLUDED.charge_id, stripe_invoice_payment.charge_id),
                            payment_intent_id = COALESCE(EXCLUDED.payment_intent_id, stripe_invoice_payment.payment_intent_id),
                            updated_at = now()""")
                .params(merchantId, invoiceId, payment.chargeId(), payment.paymentIntentId())
                .update();
    }

    public Optional<InvoicePayment> paymentOf(String merchantId, String invoiceId) {
        return jdbc.sql("SELECT charge_id, payment_intent_id FROM stripe_invoice_payment WHERE merchant_id = ? AND invoice_id = ?")
                .params(merchantId, invoiceId)
                .query((rs, n) -> new InvoicePayment(rs.getString("charge_id"), rs.getString("payment_intent_id")))
                .optional();
    }
}
