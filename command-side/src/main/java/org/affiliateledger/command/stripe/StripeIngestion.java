package org.affiliateledger.command.stripe;

import org.affiliateledger.command.link.ClickSessions;
import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.command.support.ConcurrentChanges;
import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.conversion.AdjustmentReceipt;
import org.affiliateledger.events.conversion.CloseDispute;
import org.affiliateledger.events.conversion.ConversionReceipt;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.OpenDispute;
import org.affiliateledger.events.conversion.RecordConversion;
import org.affiliateledger.events.conversion.RecordRefund;
import org.affiliateledger.events.conversion.RecordUnmatchedStripeActivity;
import org.affiliateledger.events.conversion.StripeActivityUnmatched;
import org.affiliateledger.events.stripe.StripeCustomerAttributed;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns verified Stripe events into ledger commands. A sale is keyed by its charge id (with its payment intent and
 * invoice as aliases), so the same sale arriving as {@code payment_intent.succeeded}, {@code charge.succeeded} and
 * {@code invoice.paid} is recorded once, also when they race. Returns a one-line outcome for the event log.
 */
@Component
public class StripeIngestion {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(StripeIngestion.class);
    static final String CLAIM_KIND = "conversion.stripe";
    private static final int ATTEMPTS = 5;

    private final CommandGateway commands;
    private final UniqueClaims claims;
    private final StripeAttributions attributions;
    private final MerchantSecrets secrets;
    private final StripeCustomerLookup customers;
    private final ClickSessions sessions;
    private final StripeCustomers stripeCustomers;

    public StripeIngestion(CommandGateway commands, UniqueClaims claims, StripeAttributions attributions,
                           MerchantSecrets secrets, StripeCustomerLookup customers, ClickSessions sessions,
                           StripeCustomers stripeCustomers) {
        this.sessions = sessions;
        this.stripeCustomers = stripeCustomers;
        this.commands = commands;
        this.claims = claims;
        this.attributions = attributions;
        this.secrets = secrets;
        this.customers = customers;
    }

    /**
     * A paid sale as any of the attributing events describes it. {@code paidAt} is when Stripe says it happened (the
     * charge's {@code created}, else the payment intent's, else the invoice's payment time), the conversion's
     * effective time; null when the event does not say (the Stripe event's own time is used then).
     */
    record Sale(String chargeId, String paymentIntentId, String invoiceId, String customerId, long amountCents,
                String currency, String affiliateRef, String affiliateSessionId, String customerEmail, Instant paidAt) {
        List<String> keys() {
            return Stream.of(chargeId, paymentIntentId, invoiceId).filter(Objects::nonNull).distinct().toList();
        }
    }

    public String handle(String merchantId, String type, Instant stripeTime, StripeObject object) throws Exception {
        return switch (type) {
            case "payment_intent.succeeded" -> sale(merchantId, paymentIntent(object), stripeTime);
            case "charge.succeeded", "charge.captured" -> object.flag("captured")
                    ? sale(merchantId, charge(object), stripeTime) : "ignored: charge not captured yet";
            case "checkout.session.completed", "checkout.session.async_payment_succeeded" -> checkout(merchantId, object, stripeTime);
            case "customer.created", "customer.updated" -> customer(merchantId, object, stripeTime);
            case "invoice.paid" -> invoice(merchantId, object, stripeTime);
            case "invoice_payment.paid" -> invoicePayment(merchantId, object);
            case "charge.refunded" -> refund(merchantId, object, stripeTime);
            case "charge.dispute.created" -> disputeOpened(merchantId, object, stripeTime);
            case "charge.dispute.closed" -> disputeClosed(merchantId, object, stripeTime);
            default -> "ignored: event type " + type + " is not used by the ledger";
        };
    }

    // ---- sales ----

    private static Sale paymentIntent(StripeObject pi) {
        String chargeId = pi.text("latest_charge");
        if (chargeId == null) {
            chargeId = pi.first("charges").map(c -> c.text("id")).orElse(null);
        }
        long amount = pi.amount("amount_received") > 0 ? pi.amount("amount_received") : pi.amount("amount");
        String email = firstNonNull(pi.text("receipt_email"),
                pi.first("charges").map(c -> c.text("billing_details.email")).orElse(null));
        Instant paidAt = pi.first("charges").flatMap(c -> c.time("created")).or(() -> pi.time("created")).orElse(null);
        return new Sale(chargeId, pi.text("id"), pi.text("invoice"), pi.text("customer"), amount, pi.text("currency"),
                pi.metadata("affiliate_id"), pi.metadata("affiliate_session_id"), email, paidAt);
    }

    private static Sale charge(StripeObject charge) {
        long amount = charge.amount("amount_captured") > 0 ? charge.amount("amount_captured") : charge.amount("amount");
        return new Sale(charge.text("id"), charge.text("payment_intent"), charge.text("invoice"), charge.text("customer"),
                amount, charge.text("currency"), charge.metadata("affiliate_id"), charge.metadata("affiliate_session_id"),
                firstNonNull(charge.text("billing_details.email"), charge.text("receipt_email")), charge.time("created").orElse(null));
    }

    private String sale(String merchantId, Sale sale, Instant stripeTime) throws Exception {
        if (sale.chargeId() == null) {
            return "ignored: payment intent " + sale.paymentIntentId() + " has no charge";
        }
        Optional<String> recorded = claims.ownerOfAny(merchantId, CLAIM_KIND, sale.keys());
        if (recorded.isPresent()) {
            return "already recorded as conversion " + recorded.get();
        }
        String ref = sale.affiliateRef();
        String sessionId = sale.affiliateSessionId();
        Optional<String> affiliate;
        if (ref != null) {
            affiliate = attributions.resolveAffiliate(merchantId, ref);
            if (affiliate.isEmpty()) {
                return "ignored: affiliate_id \"" + ref + "\" is neither an affiliate id nor a short code of this merchant";
            }
        } else if ((affiliate = bySession(merchantId, sessionId, stripeTime)).isPresent()) {
            // the click session alone attributes the sale
        } else {
            var checkout = sale.paymentIntentId() == null ? Optional.<StripeAttributions.CheckoutAttribution>empty()
                    : attributions.checkoutOf(merchantId, sale.paymentIntentId());
            if (checkout.isEmpty()) {
                if (sale.paymentIntentId() != null) {
                    attributions.saleWaiting(merchantId, sale.paymentIntentId(), new StripeAttributions.WaitingSale(
                            sale.chargeId(), sale.invoiceId(), sale.customerId(), sale.amountCents(), sale.currency()));
                }
                return "not attributed: no affiliate_id metadata"
                        + (sessionId == null ? "" : " and click session " + sessionId + " is unknown or expired");
            }
            affiliate = Optional.of(checkout.get().affiliateId());
            sessionId = checkout.get().affiliateSessionId();
        }
        if (sale.customerId() != null) {
            stripeCustomers.learn(StripeCustomers.attribution(merchantId, sale.customerId(), affiliate.get(),
                    StripeCustomerAttributed.FIRST_SALE, sale.chargeId(), ref, sessionId, stripeTime), stripeTime);
        }
        return record(merchantId, affiliate.get(), sale, sessionId, stripeTime);
    }

    private String checkout(String merchantId, StripeObject session, Instant stripeTime) throws Exception {
        String ref = session.metadata("affiliate_id");
        if (ref == null) {
            ref = session.text("client_reference_id");
        }
        if (ref == null) {
            return "not attributed: no affiliate_id metadata or client_reference_id";
        }
        Optional<String> affiliate = attributions.resolveAffiliate(merchantId, ref);
        if (affiliate.isEmpty()) {
            return "ignored: affiliate_id \"" + ref + "\" is neither an affiliate id nor a short code of this merchant";
        }
        List<String> learned = new ArrayList<>();
        String customerId = session.text("customer");
        if (customerId != null) {
            stripeCustomers.learn(StripeCustomers.attribution(merchantId, customerId, affiliate.get(),
                    StripeCustomerAttributed.CHECKOUT, session.text("id"), ref, session.metadata("affiliate_session_id"),
                    stripeTime), stripeTime);
            learned.add("customer " + customerId);
        }
        String paymentIntentId = session.text("payment_intent");
        if (paymentIntentId != null) {
            String sessionId = session.metadata("affiliate_session_id");
            attributions.checkoutAttributed(merchantId, paymentIntentId, affiliate.get(), sessionId);
            learned.add("payment intent " + paymentIntentId);
            var waiting = attributions.waitingSaleOf(merchantId, paymentIntentId);
            if (waiting.isPresent()) {
                var w = waiting.get();
                // the waiting sale's own time was not kept: the checkout's completion dates it
                Sale sale = new Sale(w.chargeId(), paymentIntentId, w.invoiceId(), w.customerId(), w.amountCents(),
                        w.currency(), null, sessionId, session.text("customer_details.email"), null);
                Optional<String> recorded = claims.ownerOfAny(merchantId, CLAIM_KIND, sale.keys());
                learned.add(recorded.isPresent() ? "already recorded as conversion " + recorded.get()
                        : record(merchantId, affiliate.get(), sale, sessionId, stripeTime));
            }
        }
        return "attributed to " + affiliate.get() + ": " + (learned.isEmpty() ? "nothing to remember" : String.join("; ", learned));
    }

    private String customer(String merchantId, StripeObject customer, Instant stripeTime) {
        String ref = customer.metadata("affiliate_id");
        if (ref == null) {
            return "not attributed: no affiliate_id metadata";
        }
        Optional<String> affiliate = attributions.resolveAffiliate(merchantId, ref);
        if (affiliate.isEmpty()) {
            return "ignored: affiliate_id \"" + ref + "\" is neither an affiliate id nor a short code of this merchant";
        }
        stripeCustomers.learn(StripeCustomers.attribution(merchantId, customer.text("id"), affiliate.get(),
                StripeCustomerAttributed.CUSTOMER_METADATA, customer.text("id"), ref, null, stripeTime), stripeTime);
        return "customer " + customer.text("id") + " attributed to " + affiliate.get();
    }

    private String invoice(String merchantId, StripeObject invoice, Instant stripeTime) throws Exception {
        long amount = invoice.amount("amount_paid");
        if (amount <= 0) {
            return "ignored: nothing was paid (trial or fully credited invoice)";
        }
        Optional<StripeObject> payment = invoice.first("payments").flatMap(p -> p.object("payment"));
        String chargeId = invoice.text("charge") != null ? invoice.text("charge") : payment.map(p -> p.text("charge")).orElse(null);
        String paymentIntentId = invoice.text("payment_intent") != null ? invoice.text("payment_intent")
                : payment.map(p -> p.text("payment_intent")).orElse(null);
        if (chargeId == null && paymentIntentId == null && invoice.text("id") != null) {
            var known = attributions.paymentOf(merchantId, invoice.text("id"));
            chargeId = known.map(StripeAttributions.InvoicePayment::chargeId).orElse(null);
            paymentIntentId = known.map(StripeAttributions.InvoicePayment::paymentIntentId).orElse(null);
        }
        String subscription = invoice.text("subscription") != null ? invoice.text("subscription")
                : invoice.text("parent.subscription_details.subscription");
        String customerId = invoice.text("customer");
        String ref = firstNonNull(invoice.metadata("affiliate_id"),
                invoice.text("parent.subscription_details.metadata.affiliate_id"),
                invoice.text("subscription_details.metadata.affiliate_id"));
        String sessionId = firstNonNull(invoice.metadata("affiliate_session_id"),
                invoice.text("parent.subscription_details.metadata.affiliate_session_id"),
                invoice.text("subscription_details.metadata.affiliate_session_id"));
        Sale sale = new Sale(chargeId, paymentIntentId, invoice.text("id"), customerId, amount, invoice.text("currency"), ref,
                sessionId, invoice.text("customer_email"),
                invoice.time("status_transitions.paid_at").or(() -> invoice.time("created")).orElse(null));
        Optional<String> recorded = claims.ownerOfAny(merchantId, CLAIM_KIND, sale.keys());
        if (recorded.isPresent()) {
            return "already recorded as conversion " + recorded.get();
        }
        Optional<String> affiliate;
        if (ref != null) {
            affiliate = attributions.resolveAffiliate(merchantId, ref);
            if (affiliate.isEmpty()) {
                return "ignored: affiliate_id \"" + ref + "\" is neither an affiliate id nor a short code of this merchant";
            }
        } else if ((affiliate = bySession(merchantId, sessionId, stripeTime)).isPresent()) {
            // the click session alone attributes the invoice
        } else if (customerId == null) {
            return "not attributed: invoice without customer or affiliate_id metadata";
        } else {
            affiliate = stripeCustomers.affiliateOf(merchantId, customerId);
            if (affiliate.isEmpty()) {
                affiliate = askStripe(merchantId, customerId, stripeTime);
            }
            if (affiliate.isEmpty()) {
                return "not attributed: customer " + customerId + " was not referred by an affiliate";
            }
        }
        String outcome = record(merchantId, affiliate.get(), sale, sessionId, stripeTime);
        return subscription == null ? outcome : outcome + " (subscription " + subscription + ")";
    }

    /**
     * API versions from 2025-03-31 on: an invoice names no charge, so its payment arrives as {@code invoice_payment.paid}.
     * Remembered for an {@code invoice.paid} still to come, and linked to the invoice's conversion if it was recorded,
     * so that refunds and disputes of that charge find it.
     */
    private String invoicePayment(String merchantId, StripeObject payment) {
        String invoiceId = payment.text("invoice");
        String chargeId = payment.text("payment.charge");
        String paymentIntentId = payment.text("payment.payment_intent");
        if (invoiceId == null || (chargeId == null && paymentIntentId == null)) {
            return "ignored: invoice payment without invoice or payment";
        }
        attributions.invoicePaid(merchantId, invoiceId, new StripeAttributions.InvoicePayment(chargeId, paymentIntentId));
        Optional<String> conversion = claims.ownerOf(merchantId, CLAIM_KIND, invoiceId);
        if (conversion.isEmpty()) {
            return "remembered: " + invoiceId + " paid by " + firstNonNull(chargeId, paymentIntentId);
        }
        for (String key : Stream.of(chargeId, paymentIntentId).filter(Objects::nonNull).toList()) {
            claims.claim(merchantId, CLAIM_KIND, key, conversion.get());
        }
        return "linked " + firstNonNull(chargeId, paymentIntentId) + " to conversion " + conversion.get();
    }

    /** {@code affiliate_session_id} metadata alone: the affiliate of that click session, while it has not expired. */
    private Optional<String> bySession(String merchantId, String sessionId, Instant stripeTime) {
        return sessionId == null ? Optional.empty() : sessions.affiliateOf(merchantId, sessionId, stripeTime);
    }

    private Optional<String> askStripe(String merchantId, String customerId, Instant stripeTime) throws Exception {
        Optional<String> apiKey = secrets.reveal(merchantId, MerchantSecrets.STRIPE_API_KEY);
        if (apiKey.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> ref = customers.affiliateReferenceOf(apiKey.get(), customerId);
        Optional<String> affiliate = ref.flatMap(r -> attributions.resolveAffiliate(merchantId, r));
        // the customer's metadata as Stripe answered it: the invoice's notice is the actor that asked
        affiliate.ifPresent(id -> stripeCustomers.learn(StripeCustomers.attribution(merchantId, customerId, id,
                StripeCustomerAttributed.CUSTOMER_METADATA, customerId, ref.get(), null, stripeTime), stripeTime));
        return affiliate;
    }

    private String record(String merchantId, String affiliateId, Sale sale, String sessionId, Instant stripeTime) {
        if (sale.amountCents() <= 0) {
            return "ignored: nothing was paid";
        }
        String externalId = sale.chargeId() != null ? sale.chargeId() : sale.invoiceId();
        Set<String> aliases = new LinkedHashSet<>(sale.keys());
        aliases.remove(externalId);
        String session = sessionId == null || sessionId.length() > 255 ? null : sessionId;
        String email = sale.customerEmail() == null || sale.customerEmail().length() > 254 ? null : sale.customerEmail();
        RecordConversion command = new RecordConversion(Ids.CONVERSION.next(), Ids.COMMISSION.next(), merchantId,
                affiliateId, ConversionSource.STRIPE, externalId, List.copyOf(aliases), sale.amountCents(),
                Currencies.normalise(sale.currency()), session, Instant.now().truncatedTo(ChronoUnit.MILLIS), email, null, null);
        try {
            ConversionReceipt receipt = send(command, sale.paidAt() != null ? sale.paidAt() : stripeTime);
            return "recorded conversion " + receipt.conversionId() + " of " + externalId + " for " + affiliateId
                    + " (commission " + receipt.commissionId() + ": " + receipt.commissionCents() + ")";
        } catch (DuplicateException e) {
            return "already recorded: " + e.getMessage();
        } catch (LedgerException e) {
            return "ignored: " + e.getMessage();
        }
    }

    // ---- refunds and disputes ----

    private String refund(String merchantId, StripeObject charge, Instant stripeTime) {
        Optional<String> conversion = conversionOf(merchantId, charge.text("id"), charge.text("payment_intent"));
        String reference = charge.first("refunds").map(r -> r.text("id")).orElse(charge.text("id"));
        // Stripe lists the newest refund first: the refund's own time, however late Stripe tells us
        Instant refundedAt = charge.first("refunds").flatMap(r -> r.time("created")).orElse(stripeTime);
        if (conversion.isEmpty()) {
            unmatched(merchantId, StripeActivityUnmatched.REFUND, charge.text("id"), reference,
                    charge.amount("amount_refunded"), charge.text("currency"), refundedAt);
            return "ignored: charge " + charge.text("id") + " is not an attributed sale";
        }
        return adjusted("refund " + reference, () -> send(new RecordRefund(conversion.get(), merchantId,
                charge.amount("amount_refunded"), reference), refundedAt));
    }

    private String disputeOpened(String merchantId, StripeObject dispute, Instant stripeTime) {
        Optional<String> conversion = conversionOf(merchantId, dispute.text("charge"), dispute.text("payment_intent"));
        Instant openedAt = dispute.time("created").orElse(stripeTime);
        if (conversion.isEmpty()) {
            unmatched(merchantId, StripeActivityUnmatched.DISPUTE_OPENED, dispute.text("charge"), dispute.text("id"),
                    dispute.amount("amount"), dispute.text("currency"), openedAt);
            return "ignored: charge " + dispute.text("charge") + " is not an attributed sale";
        }
        return adjusted("dispute " + dispute.text("id") + " opened", () -> send(new OpenDispute(conversion.get(), merchantId,
                dispute.text("id"), dispute.amount("amount")), openedAt));
    }

    private String disputeClosed(String merchantId, StripeObject dispute, Instant stripeTime) {
        Optional<String> conversion = conversionOf(merchantId, dispute.text("charge"), dispute.text("payment_intent"));
        String status = dispute.text("status");
        boolean won = !"lost".equals(status);
        if (conversion.isEmpty()) {
            unmatched(merchantId, won ? StripeActivityUnmatched.DISPUTE_WON : StripeActivityUnmatched.DISPUTE_LOST,
                    dispute.text("charge"), dispute.text("id"), dispute.amount("amount"), dispute.text("currency"), stripeTime);
            return "ignored: charge " + dispute.text("charge") + " is not an attributed sale";
        }
        // a dispute has no closing time of its own: the Stripe event that announced the outcome dates it
        return adjusted("dispute " + dispute.text("id") + " " + (won ? "won" : "lost"), () -> send(new CloseDispute(
                conversion.get(), merchantId, dispute.text("id"), won, dispute.amount("amount")), stripeTime));
    }

    /**
     * A refund or dispute of a charge no conversion has: nothing to adjust, but recorded for the reconciliation's
     * unmatched Stripe activity. Best effort: a failure to record it never fails the Stripe event.
     */
    private void unmatched(String merchantId, String activity, String chargeId, String objectId, long amountCents,
                           String currency, Instant effectiveAt) {
        try {
            send(new RecordUnmatchedStripeActivity(merchantId, activity, chargeId, objectId, amountCents,
                    currency == null ? null : currency.toUpperCase(java.util.Locale.ROOT)), effectiveAt);
        } catch (RuntimeException e) {
            log.warn("could not record unmatched Stripe {} of charge {}: {}", activity, chargeId, e.getMessage());
        }
    }

    private Optional<String> conversionOf(String merchantId, String chargeId, String paymentIntentId) {
        List<String> keys = Stream.of(chargeId, paymentIntentId).filter(Objects::nonNull).toList();
        return claims.ownerOfAny(merchantId, CLAIM_KIND, keys);
    }

    private interface Adjustment {
        AdjustmentReceipt run() throws Exception;
    }

    private static String adjusted(String what, Adjustment adjustment) {
        try {
            AdjustmentReceipt receipt = adjustment.run();
            return what + " on " + receipt.conversionId() + ": "
                    + (receipt.changes().isEmpty() ? "already accounted for" : String.join("; ", receipt.changes()));
        } catch (LedgerException e) {
            return "ignored: " + e.getMessage();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends a command effective at {@code effectiveAt} (the Stripe object's own time); its actor is the Stripe event
     * (set on the request by the webhook controller). A concurrent change of the same aggregate (Stripe races its own
     * notices) is retried.
     */
    private <R> R send(Object command, Instant effectiveAt) {
        return ConcurrentChanges.retrying(ATTEMPTS, () -> commands.sendAndWait(AuditedCommands.effective(effectiveAt, command)));
    }

    private static String firstNonNull(String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }
}
