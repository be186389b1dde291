package org.affiliateledger.command.stripe;

import org.affiliateledger.command.support.UniqueClaims;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.contains;
import static org.mockito.Mockito.RETURNS_SELF;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * What the ledger learned from Stripe about who referred whom: which affiliate an {@code affiliate_id} metadata value
 * names (an id or a short code of this merchant), and what each checkout and invoice payment is tied to (who referred
 * a customer is the StripeCustomer attribution's: StripeCustomerTest).
 */
class StripeAttributionsTest {
    private static final String MER = "mer_1";
    private static final String AFF = "aff_01hzy8xv4q6n2r5t7w9y1b3d5f";
    private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

    private final JdbcClient jdbc = mock(JdbcClient.class);
    private final JdbcClient.StatementSpec statement = mock(JdbcClient.StatementSpec.class, RETURNS_SELF);
    private final UniqueClaims claims = mock(UniqueClaims.class);
    private final StripeAttributions attributions = new StripeAttributions(jdbc, claims);

    {
        when(jdbc.sql(anyString())).thenReturn(statement);
    }

    @Test
    void anAffiliateIdOfThisMerchantNamesThatAffiliate() {
        when(claims.holdsAny(MER, "affiliate.short_code", AFF)).thenReturn(true);
        assertThat(attributions.resolveAffiliate(MER, " " + AFF + " ")).contains(AFF);
    }

    @Test
    void anAffiliateIdOfAnotherMerchantNamesNobody() {
        when(claims.holdsAny(MER, "affiliate.short_code", AFF)).thenReturn(false);
        assertThat(attributions.resolveAffiliate(MER, AFF)).isEmpty();
    }

    @Test
    void aShortCodeNamesItsOwnerWhateverItsCase() {
        when(claims.ownerOf(MER, "affiliate.short_code", "jane")).thenReturn(Optional.of(AFF));
        assertThat(attributions.resolveAffiliate(MER, "Jane")).contains(AFF);
    }

    @Test
    void anUnknownShortCodeNamesNobody() {
        when(claims.ownerOf(MER, "affiliate.short_code", "nobody")).thenReturn(Optional.empty());
        assertThat(attributions.resolveAffiliate(MER, "nobody")).isEmpty();
    }

    @Test
    void nothingBlankOrLongerThanAnyReferenceIsLookedUp() {
        assertThat(attributions.resolveAffiliate(MER, null)).isEmpty();
        assertThat(attributions.resolveAffiliate(MER, "  ")).isEmpty();
        assertThat(attributions.resolveAffiliate(MER, "x".repeat(256))).isEmpty();
        verifyNoInteractions(claims);
    }

    @Test
    void aReferenceOfTheLongestLengthIsLookedUp() {
        String longest = "x".repeat(255);
        when(claims.ownerOf(MER, "affiliate.short_code", longest)).thenReturn(Optional.of(AFF));
        assertThat(attributions.resolveAffiliate(MER, longest)).contains(AFF);
    }

    @Test
    void aCheckoutsAttributionIsKeptByPaymentIntent() {
        attributions.checkoutAttributed(MER, "pi_1", AFF, "ses_1");
        verify(jdbc).sql(contains("INSERT INTO stripe_checkout"));
        verify(statement).params(MER, "pi_1", AFF, "ses_1");
        verify(statement).update();
    }

    @Test
    void aSaleWaitingForItsCheckoutIsKeptWithEverythingToRecordItLater() {
        attributions.saleWaiting(MER, "pi_1", new StripeAttributions.WaitingSale("ch_1", "in_1", "cus_1", 4_900, "USD"));
        verify(jdbc).sql(contains("charge_id = EXCLUDED.charge_id"));
        verify(statement).params(MER, "pi_1", "ch_1", "in_1", "cus_1", 4_900L, "USD");
        verify(statement).update();
    }

    @Test
    void anInvoicePaymentKeepsWhatAnEarlierNoticeAlreadySaid() {
        attributions.invoicePaid(MER, "in_1", new StripeAttributions.InvoicePayment(null, "pi_1"));
        verify(jdbc).sql(contains("COALESCE(EXCLUDED.charge_id, stripe_invoice_payment.charge_id)"));
        verify(statement).params(MER, "in_1", null, "pi_1");
        verify(statement).update();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private void readsOneRow(ResultSet row) {
        when(statement.query(any(RowMapper.class))).thenAnswer(call -> {
            RowMapper<?> mapper = call.getArgument(0);
            Object value = mapper.mapRow(row, 0);
            JdbcClient.MappedQuerySpec result = mock(JdbcClient.MappedQuerySpec.class);
            when(result.optional()).thenReturn(Optional.of(value));
            return result;
        });
    }

    @Test
    void readsACheckoutsAttribution() throws Exception {
        ResultSet row = mock(ResultSet.class);
        when(row.getString("affiliate_id")).thenReturn(AFF);
        when(row.getString("affiliate_session_id")).thenReturn("ses_1");
        readsOneRow(row);
        assertThat(attributions.checkoutOf(MER, "pi_1")).contains(new StripeAttributions.CheckoutAttribution(AFF, "ses_1"));
        verify(statement).params(MER, "pi_1");
    }

    @Test
    void readsAWaitingSale() throws Exception {
        ResultSet row = mock(ResultSet.class);
        when(row.getString("charge_id")).thenReturn("ch_1");
        when(row.getString("invoice_id")).thenReturn("in_1");
        when(row.getString("customer_id")).thenReturn("cus_1");
        when(row.getLong("amount_cents")).thenReturn(4_900L);
        when(row.getString("currency")).thenReturn("USD");
        readsOneRow(row);
        assertThat(attributions.waitingSaleOf(MER, "pi_1"))
                .contains(new StripeAttributions.WaitingSale("ch_1", "in_1", "cus_1", 4_900, "USD"));
        verify(statement).params(MER, "pi_1");
    }

    @Test
    void readsWhichPaymentPaidAnInvoice() throws Exception {
        ResultSet row = mock(ResultSet.class);
        when(row.getString("charge_id")).thenReturn("ch_1");
        when(row.getString("payment_intent_id")).thenReturn("pi_1");
        readsOneRow(row);
        assertThat(attributions.paymentOf(MER, "in_1")).contains(new StripeAttributions.InvoicePayment("ch_1", "pi_1"));
        verify(statement).params(MER, "in_1");
    }
}
