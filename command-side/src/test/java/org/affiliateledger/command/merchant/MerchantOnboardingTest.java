package org.affiliateledger.command.merchant;

import org.affiliateledger.command.InMemoryLedger;
import org.affiliateledger.command.commission.Commission;
import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionFlagged;
import org.affiliateledger.events.commission.CommissionIncludedInPayout;
import org.affiliateledger.events.commission.CommissionKind;
import org.affiliateledger.events.merchant.AttributionSettingsChanged;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.OnboardMerchant;
import org.affiliateledger.events.merchant.ProgramCurrencyLocked;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A new merchant's program with its first (admin) key; and what the program and a commission tell the rest of the
 * command side about themselves (landing page, attribution window, currency lock, fraud flag, payout).
 */
class MerchantOnboardingTest {
    private final InMemoryLedger ledger = new InMemoryLedger();

    @AfterEach
    void close() {
        ledger.close();
    }

    @Test
    void onboardingCreatesTheProgramAndItsFirstKeyWithEveryScope() throws Exception {
        MerchantOnboarding onboarding = new MerchantOnboarding(ledger.merchants, ledger.apiKeys);
        String merchantId = ledger.run(() -> onboarding.handle(new OnboardMerchant("mer_1", " Shop ", "eur", "key_1", "led_abc",
                "hash")));

        assertThat(merchantId).isEqualTo("mer_1");
        assertThat(ledger.eventsOf("mer_1")).containsExactly(new MerchantCreated("mer_1", "Shop", "10", "EUR"));
        ApiKeyIssued issued = (ApiKeyIssued) ledger.eventsOf("key_1").get(0);
        assertThat(issued.merchantId()).isEqualTo("mer_1");
        assertThat(issued.prefix()).isEqualTo("led_abc");
        assertThat(issued.secretHash()).isEqualTo("hash");
        assertThat(issued.scopes()).containsExactly("*");
    }

    @Test
    void theProgramTellsItsLandingPageWindowAndWhetherItsCurrencyIsLocked() throws Exception {
        ledger.given(Merchant.class, "mer_1", new MerchantCreated("mer_1", "Shop", "10", "USD"),
                new AttributionSettingsChanged("mer_1", "https://shop.example", 14));
        assertThat(ledger.run(() -> ledger.merchants.load("mer_1").invoke(Merchant::landingUrl))).isEqualTo("https://shop.example");
        assertThat(ledger.run(() -> ledger.merchants.load("mer_1").invoke(Merchant::attributionWindowDays))).isEqualTo(14);
        assertThat(ledger.run(() -> ledger.merchants.load("mer_1").invoke(Merchant::currencyLocked))).isFalse();

        ledger.given(Merchant.class, "mer_1", new ProgramCurrencyLocked("mer_1", "USD", "cnv_1"));
        assertThat(ledger.run(() -> ledger.merchants.load("mer_1").invoke(Merchant::currencyLocked))).isTrue();
    }
}
