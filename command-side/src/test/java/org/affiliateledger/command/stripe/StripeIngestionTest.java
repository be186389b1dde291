package org.affiliateledger.command.stripe;

import org.affiliateledger.command.link.ClickSessions;
import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.UnprocessableException;
import org.affiliateledger.events.conversion.AdjustmentReceipt;
import org.affiliateledger.events.conversion.CloseDispute;
import org.affiliateledger.events.conversion.ConversionReceipt;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.OpenDispute;
import org.affiliateledger.events.conversion.RecordConversion;
import org.affiliateledger.events.conversion.RecordRefund;
import org.affiliateledger.events.conversion.RecordUnmatchedStripeActivity;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import tools.jackson.databind.json.JsonMapper;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * Which ledger command each verified Stripe event becomes, with its attribution (metadata, click session, checkout,
 * customer), its keys and effective time; and the one-line outcome the event log keeps.
 */
class StripeIngestionTest {
    private static final String MER = "mer_1";
    private static final Instant EVENT_TIME = Instant.parse("2026-03-01T10:00:00Z");
    /** 2026-02-28T12:00:00Z */
    private static final long CREATED = 1772280000L;
    private static final Instant CREATED_AT = Instant.ofEpochSecond(CREATED);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String CLAIM = "conversion.stripe";

    private final CommandGateway commands = mock(CommandGateway.class);
    private final UniqueClaims claims = mock(UniqueClaims.class);
    private final StripeAttributions attributions = mock(StripeAttributions.class);
    private final MerchantSecrets secrets = mock(MerchantSecrets.class);
    private final StripeCustomerLookup customers = mock(StripeCustomerLookup.class);
    private final ClickSessions sessions = mock(ClickSessions.class);
    private final StripeCustomers stripeCustomers = mock(StripeCustomers.class);
    private final StripeIngestion ingestion = new StripeIngestion(commands, claims, attributions, secrets, customers, sessions,
            stripeCustomers);

    @BeforeEach
    void recordingAnswersWithAReceipt() {
        when(commands.sendAndWait(any())).thenReturn(new ConversionReceipt("cnv_1", "com_1", 490));
    }

    private static StripeObject object(String json) {
        return new StripeObject(JSON.readTree(json.replace('\'', '"')));
    }

    private String handle(String type, String json) throws Exception {
        return ingestion.handle(MER, type, EVENT_TIME, object(json));
    }

    private CommandMessage<?> sent() {
        ArgumentCaptor<Object> message = ArgumentCaptor.forClass(Object.class);
        verify(commands).sendAndWait(message.capture());
        return (CommandMessage<?>) message.getValue();
    }

    private RecordConversion recorded() {
        return (RecordConversion) sent().getPayload();
    }

    private Object effectiveAt() {
        return sent().getMetaData().get(AuditMetadata.EFFECTIVE_AT);
    }

    private void affiliate(String reference, String affiliateId) {
        when(attributions.resolveAffiliate(MER, reference)).thenReturn(Optional.of(affiliateId));
    }

    private static String charge(String extra) {
        return "{'id': 'ch_1', 'captured': true, 'amount': 4900, 'currency': 'usd', 'payment_intent': 'pi_1',"
                + " 'customer': 'cus_1', 'created': " + CREATED + extra + "}";
    }

    @Nested
    class Sales {
        @Test
        void recordsACapturedChargeForTheAffiliateItsMetadataNames() throws Exception {
            affiliate("jane", "aff_1");
            String outcome = handle("charge.succeeded", charge(", 'metadata': {'affiliate_id': 'jane'},"
                    + " 'billing_details': {'email': 'buyer@example.com'}"));

            assertThat(outcome).isEqualTo("recorded conversion cnv_1 of ch_1 for aff_1 (commission com_1: 490)");
            RecordConversion command = recorded();
            assertThat(command.merchantId()).isEqualTo(MER);
            assertThat(command.affiliateId()).isEqualTo("aff_1");
            assertThat(command.source()).isEqualTo(ConversionSource.STRIPE);
            assertThat(command.externalId()).isEqualTo("ch_1");
            assertThat(command.aliases()).containsExactly("pi_1");
            assertThat(command.amountCents()).isEqualTo(4900);
            assertThat(command.currency()).isEqualTo("USD");
            assertThat(command.customerEmail()).isEqualTo("buyer@example.com");
            assertThat(command.affiliateSessionId()).isNull();
            assertThat(command.conversionId()).startsWith("cnv_");
            assertThat(command.commissionId()).startsWith("com_");
            assertThat(effectiveAt()).as("the charge's own time").isEqualTo(CREATED_AT.toString());
            // the sale's charge and metadata decided who referred its customer
            verify(stripeCustomers).learn(StripeCustomers.attribution(MER, "cus_1", "aff_1", "first_sale", "ch_1", "jane",
                    null, EVENT_TIME), EVENT_TIME);
        }

        @Test
        void recordsTheCapturedAmountOfAPartialCapture() throws Exception {
            affiliate("jane", "aff_1");
            handle("charge.captured", charge(", 'amount_captured': 3000, 'metadata': {'affiliate_id': 'jane'}"));
            assertThat(recorded().amountCents()).isEqualTo(3000);
        }

        @Test
        void takesTheReceiptEmailWhenTheBillingDetailsHaveNone() throws Exception {
            affiliate("jane", "aff_1");
            handle("charge.succeeded", charge(", 'receipt_email': 'r@example.com', 'metadata': {'affiliate_id': 'jane'}"));
            assertThat(recorded().customerEmail()).isEqualTo("r@example.com");
        }

        @Test
        void keepsAnEmailOfTheLongestLength() throws Exception {
            affiliate("jane", "aff_1");
            String email = "a".repeat(249) + "@x.io";
            handle("charge.succeeded", charge(", 'receipt_email': '" + email + "', 'metadata': {'affiliate_id': 'jane'}"));
            assertThat(recorded().customerEmail()).isEqualTo(email);
        }

        @Test
        void leavesOutAnEmailTooLongToBeOne() throws Exception {
            affiliate("jane", "aff_1");
            String email = "a".repeat(250) + "@x.io";
            handle("charge.succeeded", charge(", 'receipt_email': '" + email + "', 'metadata': {'affiliate_id': 'jane'}"));
            assertThat(recorded().customerEmail()).isNull();
        }

        @Test
        void ignoresAChargeNotCapturedYet() throws Exception {
            assertThat(handle("charge.succeeded", "{'id': 'ch_1', 'captured': false, 'amount': 4900}"))
                    .isEqualTo("ignored: charge not captured yet");
            verifyNoInteractions(commands, claims, attributions);
        }

        @Test
        void answersWithTheConversionThatAlreadyHoldsAnyOfTheSalesKeys() throws Exception {
            when(claims.ownerOfAny(MER, CLAIM, List.of("ch_1", "pi_1"))).thenReturn(Optional.of("cnv_9"));
            assertThat(handle("charge.succeeded", charge(", 'metadata': {'affiliate_id': 'jane'}")))
                    .isEqualTo("already recorded as conversion cnv_9");
            verify(commands, never()).sendAndWait(any());
        }

        @Test
        void ignoresASaleForAnAffiliateThisMerchantDoesNotHave() throws Exception {
            assertThat(handle("charge.succeeded", charge(", 'metadata': {'affiliate_id': 'nobody'}")))
                    .isEqualTo("ignored: affiliate_id \"nobody\" is neither an affiliate id nor a short code of this merchant");
            verify(commands, never()).sendAndWait(any());
        }

        @Test
        void attributesASaleToTheAffiliateOfItsClickSession() throws Exception {
            when(sessions.affiliateOf(MER, "ses_1", EVENT_TIME)).thenReturn(Optional.of("aff_2"));
            handle("charge.succeeded", charge(", 'metadata': {'affiliate_session_id': 'ses_1'}"));
            RecordConversion command = recorded();
            assertThat(command.affiliateId()).isEqualTo("aff_2");
            assertThat(command.affiliateSessionId()).isEqualTo("ses_1");
        }

        @Test
        void attributesASaleToTheCheckoutThatNamedItsPaymentIntent() throws Exception {
            when(attributions.checkoutOf(MER, "pi_1")).thenReturn(Optional.of(new StripeAttributions.CheckoutAttribution("aff_3", "ses_3")));
            handle("charge.succeeded", charge(""));
            RecordConversion command = recorded();
            assertThat(command.affiliateId()).isEqualTo("aff_3");
            assertThat(command.affiliateSessionId()).isEqualTo("ses_3");
        }

        @Test
        void keepsAnUnattributedSaleWaitingForItsCheckout() throws Exception {
            assertThat(handle("charge.succeeded", charge(""))).isEqualTo("not attributed: no affiliate_id metadata");
            verify(attributions).saleWaiting(MER, "pi_1", new StripeAttributions.WaitingSale("ch_1", null, "cus_1", 4900, "usd"));
            verify(commands, never()).sendAndWait(any());
        }

        @Test
        void saysWhichClickSessionWasUnknown() throws Exception {
            assertThat(handle("charge.succeeded", charge(", 'metadata': {'affiliate_session_id': 'ses_gone'}")))
                    .isEqualTo("not attributed: no affiliate_id metadata and click session ses_gone is unknown or expired");
        }

        @Test
        void aChargeWithoutPaymentIntentHasNothingToWaitFor() throws Exception {
            assertThat(handle("charge.succeeded", "{'id': 'ch_1', 'captured': true, 'amount': 4900, 'currency': 'usd'}"))
                    .isEqualTo("not attributed: no affiliate_id metadata");
            verify(attributions, never()).checkoutOf(anyString(), anyString());
            verify(attributions, never()).saleWaiting(anyString(), anyString(), any());
        }

        @Test
        void ignoresASaleOfNothing() throws Exception {
            affiliate("jane", "aff_1");
            assertThat(handle("charge.succeeded", "{'id': 'ch_1', 'captured': true, 'amount': 0, 'metadata': {'affiliate_id': 'jane'}}"))
                    .isEqualTo("ignored: nothing was paid");
            verify(commands, never()).sendAndWait(any());
        }

        @Test
        void keepsAClickSessionIdOfTheLongestLength() throws Exception {
            String session = "s".repeat(255);
            when(sessions.affiliateOf(MER, session, EVENT_TIME)).thenReturn(Optional.of("aff_2"));
            handle("charge.succeeded", charge(", 'metadata': {'affiliate_session_id': '" + session + "'}"));
            assertThat(recorded().affiliateSessionId()).isEqualTo(session);
        }

        @Test
        void leavesOutAClickSessionIdTooLongToBeOne() throws Exception {
            String session = "s".repeat(256);
            when(sessions.affiliateOf(MER, session, EVENT_TIME)).thenReturn(Optional.of("aff_2"));
            handle("charge.succeeded", charge(", 'metadata': {'affiliate_session_id': '" + session + "'}"));
            assertThat(recorded().affiliateSessionId()).isNull();
        }

        @Test
        void datesTheConversionByTheStripeEventWhenTheChargeHasNoTime() throws Exception {
            affiliate("jane", "aff_1");
            handle("charge.succeeded", "{'id': 'ch_1', 'captured': true, 'amount': 4900, 'currency': 'usd', 'metadata': {'affiliate_id': 'jane'}}");
            assertThat(effectiveAt()).isEqualTo(EVENT_TIME.toString());
        }

        @Test
        void reportsARaceLostToAnotherNoticeOfTheSameSaleAsAlreadyRecorded() throws Exception {
            affiliate("jane", "aff_1");
            when(commands.sendAndWait(any())).thenThrow(new DuplicateException("ch_1 is conversion cnv_7"));
            assertThat(handle("charge.succeeded", charge(", 'metadata': {'affiliate_id': 'jane'}")))
                    .isEqualTo("already recorded: ch_1 is conversion cnv_7");
        }

        @Test
        void reportsARefusedConversionAsIgnored() throws Exception {
            affiliate("jane", "aff_1");
            when(commands.sendAndWait(any())).thenThrow(new UnprocessableException("affiliate aff_1 is banned"));
            assertThat(handle("charge.succeeded", charge(", 'metadata': {'affiliate_id': 'jane'}")))
                    .isEqualTo("ignored: affiliate aff_1 is banned");
        }

        @Test
        void recordsNoCustomerWhenTheSaleNamesNone() throws Exception {
            affiliate("jane", "aff_1");
            handle("charge.succeeded", "{'id': 'ch_1', 'captured': true, 'amount': 4900, 'currency': 'usd', 'metadata': {'affiliate_id': 'jane'}}");
            verify(stripeCustomers, never()).learn(any(), any());
            assertThat(recorded().aliases()).isEmpty();
        }
    }

    @Nested
    class PaymentIntents {
        @Test
        void recordsThePaymentIntentsLatestChargeWithTheAmountReceived() throws Exception {
            affiliate("jane", "aff_1");
            handle("payment_intent.succeeded", "{'id': 'pi_1', 'latest_charge': 'ch_1', 'amount': 5000, 'amount_received': 4900,"
                    + " 'currency': 'eur', 'receipt_email': 'b@example.com', 'created': " + CREATED + ", 'invoice': 'in_1',"
                    + " 'metadata': {'affiliate_id': 'jane'}}");
            RecordConversion command = recorded();
            assertThat(command.externalId()).isEqualTo("ch_1");
            assertThat(command.aliases()).containsExactly("pi_1", "in_1");
            assertThat(command.amountCents()).isEqualTo(4900);
            assertThat(command.currency()).isEqualTo("EUR");
            assertThat(command.customerEmail()).isEqualTo("b@example.com");
            assertThat(effectiveAt()).isEqualTo(CREATED_AT.toString());
        }

        @Test
        void findsTheChargeInAnOlderApiVersionsChargeListAndDatesTheSaleByIt() throws Exception {
            affiliate("jane", "aff_1");
            handle("payment_intent.succeeded", "{'id': 'pi_1', 'amount': 5000, 'currency': 'usd', 'created': 1,"
                    + " 'charges': {'data': [{'id': 'ch_9', 'created': " + CREATED + ", 'billing_details': {'email': 'c@example.com'}}]},"
                    + " 'metadata': {'affiliate_id': 'jane'}}");
            RecordConversion command = recorded();
            assertThat(command.externalId()).isEqualTo("ch_9");
            assertThat(command.amountCents()).isEqualTo(5000);
            assertThat(command.customerEmail()).isEqualTo("c@example.com");
            assertThat(effectiveAt()).isEqualTo(CREATED_AT.toString());
        }

        @Test
        void ignoresAPaymentIntentWithoutACharge() throws Exception {
            assertThat(handle("payment_intent.succeeded", "{'id': 'pi_1', 'amount': 5000, 'metadata': {'affiliate_id': 'jane'}}"))
                    .isEqualTo("ignored: payment intent pi_1 has no charge");
            verifyNoInteractions(commands, claims);
        }
    }

    @Nested
    class Checkouts {
        @Test
        void remembersTheCustomerAndPaymentIntentOfACheckoutForItsAffiliate() throws Exception {
            affiliate("jane", "aff_1");
            String outcome = handle("checkout.session.completed", "{'id': 'cs_1', 'customer': 'cus_1', 'payment_intent': 'pi_1',"
                    + " 'metadata': {'affiliate_id': 'jane', 'affiliate_session_id': 'ses_1'}}");
            assertThat(outcome).isEqualTo("attributed to aff_1: customer cus_1; payment intent pi_1");
            verify(stripeCustomers).learn(StripeCustomers.attribution(MER, "cus_1", "aff_1", "checkout", "cs_1", "jane",
                    "ses_1", EVENT_TIME), EVENT_TIME);
            verify(attributions).checkoutAttributed(MER, "pi_1", "aff_1", "ses_1");
            verify(commands, never()).sendAndWait(any());
        }

        @Test
        void takesTheAffiliateFromTheClientReferenceIdWithoutMetadata() throws Exception {
            affiliate("jane", "aff_1");
            assertThat(handle("checkout.session.async_payment_succeeded", "{'id': 'cs_1', 'client_reference_id': 'jane'}"))
                    .isEqualTo("attributed to aff_1: nothing to remember");
        }

        @Test
        void recordsTheSaleThatWasWaitingForThisCheckout() throws Exception {
            affiliate("jane", "aff_1");
            when(attributions.waitingSaleOf(MER, "pi_1"))
                    .thenReturn(Optional.of(new StripeAttributions.WaitingSale("ch_1", "in_1", "cus_1", 4900, "usd")));
            String outcome = handle("checkout.session.completed", "{'id': 'cs_1', 'payment_intent': 'pi_1',"
                    + " 'customer_details': {'email': 'w@example.com'}, 'metadata': {'affiliate_id': 'jane', 'affiliate_session_id': 'ses_1'}}");
            assertThat(outcome).isEqualTo("attributed to aff_1: payment intent pi_1; recorded conversion cnv_1 of ch_1 for aff_1 (commission com_1: 490)");
            RecordConversion command = recorded();
            assertThat(command.externalId()).isEqualTo("ch_1");
            assertThat(command.aliases()).containsExactly("pi_1", "in_1");
            assertThat(command.affiliateSessionId()).isEqualTo("ses_1");
            assertThat(command.customerEmail()).isEqualTo("w@example.com");
            assertThat(effectiveAt()).as("the checkout's completion dates it").isEqualTo(EVENT_TIME.toString());
        }

        @Test
        void doesNotRecordAWaitingSaleTwice() throws Exception {
            affiliate("jane", "aff_1");
            when(attributions.waitingSaleOf(MER, "pi_1"))
                    .thenReturn(Optional.of(new StripeAttributions.WaitingSale("ch_1", null, "cus_1", 4900, "usd")));
            when(claims.ownerOfAny(MER, CLAIM, List.of("ch_1", "pi_1"))).thenReturn(Optional.of("cnv_5"));
            assertThat(handle("checkout.session.completed", "{'id': 'cs_1', 'payment_intent': 'pi_1', 'metadata': {'affiliate_id': 'jane'}}"))
                    .isEqualTo("attributed to aff_1: payment intent pi_1; already recorded as conversion cnv_5");
            verify(commands, never()).sendAndWait(any());
        }

        @Test
        void leavesACheckoutWithoutAffiliateUnattributed() throws Exception {
            assertThat(handle("checkout.session.completed", "{'id': 'cs_1', 'customer': 'cus_1'}"))
                    .isEqualTo("not attributed: no affiliate_id metadata or client_reference_id");
            verifyNoInteractions(attributions);
        }

        @Test
        void ignoresACheckoutForAnUnknownAffiliate() throws Exception {
            assertThat(handle("checkout.session.completed", "{'id': 'cs_1', 'client_reference_id': 'ghost'}"))
                    .isEqualTo("ignored: affiliate_id \"ghost\" is neither an affiliate id nor a short code of this merchant");
        }
    }

    @Nested
    class Customers {
        @Test
        void attributesACustomerByItsMetadata() throws Exception {
            affiliate("jane", "aff_1");
            assertThat(handle("customer.created", "{'id': 'cus_1', 'metadata': {'affiliate_id': 'jane'}}"))
                    .isEqualTo("customer cus_1 attributed to aff_1");
            verify(stripeCustomers).learn(StripeCustomers.attribution(MER, "cus_1", "aff_1", "customer_metadata", "cus_1",
                    "jane", null, EVENT_TIME), EVENT_TIME);
        }

        @Test
        void leavesACustomerWithoutMetadataUnattributed() throws Exception {
            assertThat(handle("customer.updated", "{'id': 'cus_1', 'metadata': {}}")).isEqualTo("not attributed: no affiliate_id metadata");
            verifyNoInteractions(attributions);
        }

        @Test
        void ignoresACustomerOfAnUnknownAffiliate() throws Exception {
            assertThat(handle("customer.updated", "{'id': 'cus_1', 'metadata': {'affiliate_id': 'ghost'}}"))
                    .isEqualTo("ignored: affiliate_id \"ghost\" is neither an affiliate id nor a short code of this merchant");
            verify(stripeCustomers, never()).learn(any(), any());
        }
    }

    @Nested
    class Invoices {
        private static final String PAID_INVOICE = "{'id': 'in_1', 'amount_paid': 2900, 'currency': 'usd', 'customer': 'cus_1',"
                + " 'charge': 'ch_1', 'payment_intent': 'pi_1', 'subscription': 'sub_1', 'customer_email': 'sub@example.com',"
                + " 'status_transitions': {'paid_at': " + CREATED + "}}";

        @Test
        void attributesARenewalToTheAffiliateWhoReferredTheCustomer() throws Exception {
            when(stripeCustomers.affiliateOf(MER, "cus_1")).thenReturn(Optional.of("aff_1"));
            assertThat(handle("invoice.paid", PAID_INVOICE))
                    .isEqualTo("recorded conversion cnv_1 of ch_1 for aff_1 (commission com_1: 490) (subscription sub_1)");
            RecordConversion command = recorded();
            assertThat(command.externalId()).isEqualTo("ch_1");
            assertThat(command.aliases()).containsExactly("pi_1", "in_1");
            assertThat(command.amountCents()).isEqualTo(2900);
            assertThat(command.customerEmail()).isEqualTo("sub@example.com");
            assertThat(effectiveAt()).as("the invoice's payment time").isEqualTo(CREATED_AT.toString());
        }

        @Test
        void ignoresAnInvoiceThatPaidNothing() throws Exception {
            assertThat(handle("invoice.paid", "{'id': 'in_1', 'amount_paid': 0, 'customer': 'cus_1'}"))
                    .isEqualTo("ignored: nothing was paid (trial or fully credited invoice)");
            verifyNoInteractions(commands, attributions, claims);
        }

        @Test
        void keysAnInvoiceWithoutChargeByTheInvoiceAndThePaymentItLearnedOf() throws Exception {
            when(attributions.paymentOf(MER, "in_1")).thenReturn(Optional.of(new StripeAttributions.InvoicePayment("ch_7", "pi_7")));
            when(stripeCustomers.affiliateOf(MER, "cus_1")).thenReturn(Optional.of("aff_1"));
            handle("invoice.paid", "{'id': 'in_1', 'amount_paid': 2900, 'currency': 'usd', 'customer': 'cus_1', 'created': " + CREATED + "}");
            RecordConversion command = recorded();
            assertThat(command.externalId()).isEqualTo("ch_7");
            assertThat(command.aliases()).containsExactly("pi_7", "in_1");
            assertThat(effectiveAt()).isEqualTo(CREATED_AT.toString());
        }

        @Test
        void keysAnInvoiceWhosePaymentIsUnknownByTheInvoiceItself() throws Exception {
            when(stripeCustomers.affiliateOf(MER, "cus_1")).thenReturn(Optional.of("aff_1"));
            String outcome = handle("invoice.paid", "{'id': 'in_1', 'amount_paid': 2900, 'currency': 'usd', 'customer': 'cus_1',"
                    + " 'parent': {'subscription_details': {'subscription': 'sub_2'}}}");
            assertThat(outcome).endsWith(" (subscription sub_2)");
            assertThat(recorded().externalId()).isEqualTo("in_1");
            assertThat(recorded().aliases()).isEmpty();
        }

        @Test
        void readsTheChargeOfANewerApiVersionsPaymentList() throws Exception {
            when(stripeCustomers.affiliateOf(MER, "cus_1")).thenReturn(Optional.of("aff_1"));
            handle("invoice.paid", "{'id': 'in_1', 'amount_paid': 2900, 'currency': 'usd', 'customer': 'cus_1',"
                    + " 'payments': {'data': [{'payment': {'charge': 'ch_3', 'payment_intent': 'pi_3'}}]}}");
            assertThat(recorded().externalId()).isEqualTo("ch_3");
            assertThat(recorded().aliases()).containsExactly("pi_3", "in_1");
            verify(attributions, never()).paymentOf(anyString(), anyString());
        }

        @Test
        void takesTheAffiliateFromTheSubscriptionsMetadata() throws Exception {
            affiliate("jane", "aff_1");
            handle("invoice.paid", "{'id': 'in_1', 'amount_paid': 2900, 'currency': 'usd', 'charge': 'ch_1',"
                    + " 'parent': {'subscription_details': {'metadata': {'affiliate_id': 'jane', 'affiliate_session_id': 'ses_1'}}}}");
            assertThat(recorded().affiliateId()).isEqualTo("aff_1");
            assertThat(recorded().affiliateSessionId()).isEqualTo("ses_1");
        }

        @Test
        void takesTheAffiliateFromAnOlderApiVersionsSubscriptionDetails() throws Exception {
            affiliate("jane", "aff_1");
            handle("invoice.paid", "{'id': 'in_1', 'amount_paid': 2900, 'currency': 'usd', 'charge': 'ch_1',"
                    + " 'subscription_details': {'metadata': {'affiliate_id': 'jane', 'affiliate_session_id': 'ses_2'}}}");
            assertThat(recorded().affiliateId()).isEqualTo("aff_1");
            assertThat(recorded().affiliateSessionId()).isEqualTo("ses_2");
        }

        @Test
        void ignoresAnInvoiceForAnUnknownAffiliate() throws Exception {
            assertThat(handle("invoice.paid", "{'id': 'in_1', 'amount_paid': 2900, 'charge': 'ch_1', 'metadata': {'affiliate_id': 'ghost'}}"))
                    .isEqualTo("ignored: affiliate_id \"ghost\" is neither an affiliate id nor a short code of this merchant");
        }

        @Test
        void attributesAnInvoiceToItsClickSession() throws Exception {
            when(sessions.affiliateOf(MER, "ses_1", EVENT_TIME)).thenReturn(Optional.of("aff_2"));
            handle("invoice.paid", "{'id': 'in_1', 'amount_paid': 2900, 'charge': 'ch_1', 'metadata': {'affiliate_session_id': 'ses_1'}}");
            assertThat(recorded().affiliateId()).isEqualTo("aff_2");
        }

        @Test
        void answersWithTheConversionAlreadyRecordedForTheInvoice() throws Exception {
            when(claims.ownerOfAny(MER, CLAIM, List.of("ch_1", "pi_1", "in_1"))).thenReturn(Optional.of("cnv_4"));
            assertThat(handle("invoice.paid", PAID_INVOICE)).isEqualTo("already recorded as conversion cnv_4");
            verify(commands, never()).sendAndWait(any());
        }

        @Test
        void leavesAnInvoiceWithoutCustomerOrMetadataUnattributed() throws Exception {
            assertThat(handle("invoice.paid", "{'id': 'in_1', 'amount_paid': 2900, 'charge': 'ch_1'}"))
                    .isEqualTo("not attributed: invoice without customer or affiliate_id metadata");
        }

        @Test
        void asksStripeForTheCustomersAffiliateAndRemembersTheAnswer() throws Exception {
            when(secrets.reveal(MER, MerchantSecrets.STRIPE_API_KEY)).thenReturn(Optional.of("sk_test_1"));
            when(customers.affiliateReferenceOf("sk_test_1", "cus_1")).thenReturn(Optional.of("jane"));
            affiliate("jane", "aff_1");
            handle("invoice.paid", PAID_INVOICE);
            assertThat(recorded().affiliateId()).isEqualTo("aff_1");
            verify(stripeCustomers).learn(StripeCustomers.attribution(MER, "cus_1", "aff_1", "customer_metadata", "cus_1",
                    "jane", null, EVENT_TIME), EVENT_TIME);
        }

        @Test
        void leavesACustomerNoAffiliateReferredUnattributed() throws Exception {
            when(secrets.reveal(MER, MerchantSecrets.STRIPE_API_KEY)).thenReturn(Optional.of("sk_test_1"));
            assertThat(handle("invoice.paid", PAID_INVOICE)).isEqualTo("not attributed: customer cus_1 was not referred by an affiliate");
            verify(stripeCustomers, never()).learn(any(), any());
        }

        @Test
        void doesNotAskStripeWithoutTheMerchantsApiKey() throws Exception {
            assertThat(handle("invoice.paid", PAID_INVOICE)).isEqualTo("not attributed: customer cus_1 was not referred by an affiliate");
            verifyNoInteractions(customers);
        }
    }

    @Nested
    class InvoicePayments {
        @Test
        void remembersThePaymentOfAnInvoiceNotRecordedYet() throws Exception {
            assertThat(handle("invoice_payment.paid", "{'invoice': 'in_1', 'payment': {'charge': 'ch_1', 'payment_intent': 'pi_1'}}"))
                    .isEqualTo("remembered: in_1 paid by ch_1");
            verify(attributions).invoicePaid(MER, "in_1", new StripeAttributions.InvoicePayment("ch_1", "pi_1"));
            verify(claims, never()).claim(anyString(), anyString(), anyString(), anyString());
        }

        @Test
        void linksThePaymentToTheInvoicesConversionSoRefundsFindIt() throws Exception {
            when(claims.ownerOf(MER, CLAIM, "in_1")).thenReturn(Optional.of("cnv_1"));
            assertThat(handle("invoice_payment.paid", "{'invoice': 'in_1', 'payment': {'charge': 'ch_1', 'payment_intent': 'pi_1'}}"))
                    .isEqualTo("linked ch_1 to conversion cnv_1");
            verify(claims).claim(MER, CLAIM, "ch_1", "cnv_1");
            verify(claims).claim(MER, CLAIM, "pi_1", "cnv_1");
        }

        @Test
        void namesThePaymentIntentWhenThereIsNoCharge() throws Exception {
            assertThat(handle("invoice_payment.paid", "{'invoice': 'in_1', 'payment': {'payment_intent': 'pi_1'}}"))
                    .isEqualTo("remembered: in_1 paid by pi_1");
        }

        @Test
        void ignoresAnInvoicePaymentWithoutInvoiceOrPayment() throws Exception {
            assertThat(handle("invoice_payment.paid", "{'payment': {'charge': 'ch_1'}}"))
                    .isEqualTo("ignored: invoice payment without invoice or payment");
            assertThat(handle("invoice_payment.paid", "{'invoice': 'in_1', 'payment': {}}"))
                    .isEqualTo("ignored: invoice payment without invoice or payment");
            verifyNoInteractions(attributions);
        }
    }

    @Nested
    class RefundsAndDisputes {
        @BeforeEach
        void theChargeIsAnAttributedSale() {
            when(claims.ownerOfAny(MER, CLAIM, List.of("ch_1", "pi_1"))).thenReturn(Optional.of("cnv_1"));
            when(commands.sendAndWait(any())).thenReturn(new AdjustmentReceipt("cnv_1", List.of("commission com_1 reduced to 368")));
        }

        @Test
        void recordsTheCumulativeRefundDatedByTheNewestRefund() throws Exception {
            String outcome = handle("charge.refunded", "{'id': 'ch_1', 'payment_intent': 'pi_1', 'amount_refunded': 1225,"
                    + " 'refunds': {'data': [{'id': 're_2', 'created': " + CREATED + "}]}}");
            assertThat(outcome).isEqualTo("refund re_2 on cnv_1: commission com_1 reduced to 368");
            assertThat(sent().getPayload()).isEqualTo(new RecordRefund("cnv_1", MER, 1225, "re_2"));
            assertThat(effectiveAt()).isEqualTo(CREATED_AT.toString());
        }

        @Test
        void refersToTheChargeWhenTheRefundsAreNotListed() throws Exception {
            assertThat(handle("charge.refunded", "{'id': 'ch_1', 'payment_intent': 'pi_1', 'amount_refunded': 4900}"))
                    .startsWith("refund ch_1 on cnv_1");
            assertThat(sent().getPayload()).isEqualTo(new RecordRefund("cnv_1", MER, 4900, "ch_1"));
            assertThat(effectiveAt()).isEqualTo(EVENT_TIME.toString());
        }

        @Test
        void saysWhenARefundWasAlreadyAccountedFor() throws Exception {
            when(commands.sendAndWait(any())).thenReturn(new AdjustmentReceipt("cnv_1", List.of()));
            assertThat(handle("charge.refunded", "{'id': 'ch_1', 'payment_intent': 'pi_1', 'amount_refunded': 1225}"))
                    .isEqualTo("refund ch_1 on cnv_1: already accounted for");
        }

        @Test
        void recordsARefundOfASaleThatWasNotAttributedAsUnmatchedActivityOnly() throws Exception {
            assertThat(handle("charge.refunded", "{'id': 'ch_other', 'amount_refunded': 1225, 'currency': 'usd',"
                    + " 'refunds': {'data': [{'id': 're_9', 'created': " + CREATED + "}]}}"))
                    .isEqualTo("ignored: charge ch_other is not an attributed sale");
            assertThat(sent().getPayload()).isEqualTo(new RecordUnmatchedStripeActivity(MER, "refund", "ch_other", "re_9", 1225, "USD"));
            assertThat(effectiveAt()).as("the refund's own time").isEqualTo(CREATED_AT.toString());
        }

        @Test
        void reportsARefusedAdjustmentAsIgnored() throws Exception {
            when(commands.sendAndWait(any())).thenThrow(new UnprocessableException("conversion cnv_1 not found"));
            assertThat(handle("charge.refunded", "{'id': 'ch_1', 'payment_intent': 'pi_1', 'amount_refunded': 1225}"))
                    .isEqualTo("ignored: conversion cnv_1 not found");
        }

        @Test
        void opensADisputeDatedByItsCreation() throws Exception {
            String outcome = handle("charge.dispute.created", "{'id': 'dp_1', 'charge': 'ch_1', 'payment_intent': 'pi_1',"
                    + " 'amount': 4900, 'created': " + CREATED + "}");
            assertThat(outcome).isEqualTo("dispute dp_1 opened on cnv_1: commission com_1 reduced to 368");
            assertThat(sent().getPayload()).isEqualTo(new OpenDispute("cnv_1", MER, "dp_1", 4900));
            assertThat(effectiveAt()).isEqualTo(CREATED_AT.toString());
        }

        @Test
        void recordsADisputeOfASaleThatWasNotAttributedAsUnmatchedActivityOnly() throws Exception {
            assertThat(handle("charge.dispute.created", "{'id': 'dp_1', 'charge': 'ch_other', 'amount': 4900}"))
                    .isEqualTo("ignored: charge ch_other is not an attributed sale");
            assertThat(handle("charge.dispute.closed", "{'id': 'dp_1', 'charge': 'ch_other', 'status': 'lost', 'amount': 4900}"))
                    .isEqualTo("ignored: charge ch_other is not an attributed sale");
            ArgumentCaptor<Object> messages = ArgumentCaptor.forClass(Object.class);
            verify(commands, times(2)).sendAndWait(messages.capture());
            assertThat(messages.getAllValues()).extracting(m -> (Object) ((CommandMessage<?>) m).getPayload()).containsExactly(
                    new RecordUnmatchedStripeActivity(MER, "dispute_opened", "ch_other", "dp_1", 4900, null),
                    new RecordUnmatchedStripeActivity(MER, "dispute_lost", "ch_other", "dp_1", 4900, null));
        }

        @Test
        void closesALostDisputeDatedByTheStripeEvent() throws Exception {
            assertThat(handle("charge.dispute.closed", "{'id': 'dp_1', 'charge': 'ch_1', 'payment_intent': 'pi_1',"
                    + " 'amount': 4900, 'status': 'lost', 'created': " + CREATED + "}"))
                    .startsWith("dispute dp_1 lost on cnv_1");
            assertThat(sent().getPayload()).isEqualTo(new CloseDispute("cnv_1", MER, "dp_1", false, 4900));
            assertThat(effectiveAt()).isEqualTo(EVENT_TIME.toString());
        }

        @Test
        void closesEveryOtherOutcomeAsWon() throws Exception {
            assertThat(handle("charge.dispute.closed", "{'id': 'dp_1', 'charge': 'ch_1', 'payment_intent': 'pi_1',"
                    + " 'amount': 4900, 'status': 'warning_closed'}"))
                    .startsWith("dispute dp_1 won on cnv_1");
            assertThat(sent().getPayload()).isEqualTo(new CloseDispute("cnv_1", MER, "dp_1", true, 4900));
        }
    }

    @Test
    void ignoresEventTypesTheLedgerDoesNotUse() throws Exception {
        assertThat(handle("product.created", "{'id': 'prod_1'}")).isEqualTo("ignored: event type product.created is not used by the ledger");
        verifyNoInteractions(commands, claims, attributions);
    }

    @Test
    void sendsEachNoticeOnlyForItsOwnMerchant() throws Exception {
        affiliate("jane", "aff_1");
        handle("charge.succeeded", charge(", 'metadata': {'affiliate_id': 'jane'}"));
        verify(claims).ownerOfAny(eq(MER), eq(CLAIM), any());
        assertThat(recorded().merchantId()).isEqualTo(MER);
    }
}
