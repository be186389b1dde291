package org.affiliateledger.command.merchant;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.command.support.SecretsCipher;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.ChangeProgramSettings.SecretChange;
import org.affiliateledger.events.merchant.HoldDaysChanged;
import org.affiliateledger.events.merchant.ProgramSettings.SecretStatus;
import org.affiliateledger.events.merchant.StripeApiKeySet;
import org.affiliateledger.events.merchant.StripeWebhookSecretSet;
import java.util.HashMap;
import java.util.List;
import org.affiliateledger.events.merchant.FraudRules;
import java.util.Map;
import static org.assertj.core.api.Assertions.assertThat;
import org.affiliateledger.events.merchant.DefaultRateChanged;
import org.affiliateledger.events.merchant.CreateMerchant;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.NoteConversionRecorded;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.affiliateledger.events.merchant.ProgramCurrencyChanged;
import org.affiliateledger.events.merchant.ProgramCurrencyLocked;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class MerchantTest {
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";

    private FixtureConfiguration<Merchant> fixture;

    /** The sealed secrets the handler stored, in memory instead of the merchant_secret table. */
    static final class RecordingSecrets extends MerchantSecrets {
        final Map<String, String> stored = new HashMap<>();

        RecordingSecrets() {
            super(null, new SecretsCipher(new byte[32]));
        }

        @Override
        public void store(String merchantId, String name, String sealed) {
            stored.put(merchantId + "/" + name, sealed);
        }
    }

    private final RecordingSecrets secrets = new RecordingSecrets();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Merchant.class);
        fixture.registerCommandHandlerInterceptor(new StripeSecretsKeeping(secrets));
    }

    private static ProgramSettings settings(String rate, String currency) {
        return settings(MER, "Acme", rate, currency, 30, SecretStatus.UNSET, SecretStatus.UNSET);
    }

    /** Settings with every issue-6 rule at its default. */
    static ProgramSettings settings(String merchantId, String name, String rate, String currency, int holdDays,
                                    SecretStatus webhookSecret, SecretStatus apiKey) {
        return new ProgramSettings(merchantId, name, rate, currency, holdDays, webhookSecret, apiKey, List.of(), Map.of(),
                null, 30, 0, null, FraudRules.DEFAULTS, List.of(), false);
    }

    private static MerchantCreated created() {
        return new MerchantCreated(MER, "Acme", "10", "USD");
    }

    // ---- creation ----

    @Test
    void createsAMerchantWithTheProgramCurrencyGiven() {

        fixture.givenNoPriorActivity()
                .when(new CreateMerchant(MER, "Acme", "eur"))
                .expectEvents(new MerchantCreated(MER, "Acme", "10", "EUR"));
    }

    @Test
    void refusesAProgramCurrencyThatIsNotIso4217() {

        fixture.givenNoPriorActivity()
                .when(new CreateMerchant(MER, "Acme", "EURO"))
                .expectException(InvalidRequestException.class)
                .expectNoEvents();
    }

    // ---- program currency ----

    @Test
    void changesTheProgramCurrencyWhileNoConversionIsRecordedInIt() {
        fixture.given(created())
                .when(ChangeProgramSettings.currency(MER, "EUR"))
                .expectEvents(new ProgramCurrencyChanged(MER, "EUR", "USD"))
                .expectResultMessagePayload(settings("10", "EUR"));
    }

    @Test
    void recordsNothingWhenTheCurrencyIsUnchanged() {
        fixture.given(created(), new ProgramCurrencyLocked(MER, "USD", "cnv_1"))
                .when(ChangeProgramSettings.currency(MER, "usd"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void locksTheCurrencyWhenTheFirstConversionInItIsRecorded() {

        fixture.given(created())
                .when(new NoteConversionRecorded(MER, "cnv_1", "USD"))
                .expectEvents(new ProgramCurrencyLocked(MER, "USD", "cnv_1"));
    }

    @Test
    void recordsTheLockOnlyOnce() {

        fixture.given(created(), new ProgramCurrencyLocked(MER, "USD", "cnv_1"))
                .when(new NoteConversionRecorded(MER, "cnv_2", "USD"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aConversionInAnotherCurrencyDoesNotLockTheProgramCurrency() {

        fixture.given(created())
                .when(new NoteConversionRecorded(MER, "cnv_1", "EUR"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToChangeTheCurrencyOnceAConversionIsRecordedInIt() {
        fixture.given(created(), new ProgramCurrencyLocked(MER, "USD", "cnv_1"))
                .when(ChangeProgramSettings.currency(MER, "EUR"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("conversion cnv_1 was recorded in it"))
                .expectException(org.affiliateledger.command.RefusalCode.is("currency_locked"))
                .expectNoEvents();
    }

    @Test
    void aChangedCurrencyIsTheOneTheFirstConversionLocks() {

        fixture.given(created(), new ProgramCurrencyChanged(MER, "EUR", "USD"))
                .when(new NoteConversionRecorded(MER, "cnv_1", "EUR"))
                .expectEvents(new ProgramCurrencyLocked(MER, "EUR", "cnv_1"));
    }

    @Test
    void showsTheCurrencyAsLockedInTheSettings() {
        fixture.given(created(), new ProgramCurrencyLocked(MER, "USD", "cnv_1"))
                .when(ChangeProgramSettings.rate(MER, CommissionRate.of("12")))
                .expectResultMessagePayload(new ProgramSettings(MER, "Acme", "12", "USD", 30, SecretStatus.UNSET,
                        SecretStatus.UNSET, List.of(), Map.of(), null, 30, 0, null, FraudRules.DEFAULTS, List.of(), true));
    }

    @Test
    void createsAMerchantWithTheDefaultRateAndCurrencyAndAStrippedName() {

        fixture.givenNoPriorActivity()
                .when(new CreateMerchant(MER, "  Acme Ltd \n", null))
                .expectEvents(new MerchantCreated(MER, "Acme Ltd", "10", "USD"))
                .expectResultMessagePayload(MER);
    }

    @ParameterizedTest(name = "refuses to create a merchant named [{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void refusesToCreateAMerchantWithoutAName(String name) {

        fixture.givenNoPriorActivity()
                .when(new CreateMerchant(MER, name, null))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("merchant name must not be blank")
                .expectNoEvents();
    }

    // ---- program settings ----

    @Test
    void changesTheDefaultRateAndReturnsTheNewSettings() {
        fixture.given(created())
                .when(ChangeProgramSettings.rate(MER, CommissionRate.of("12.50")))
                .expectEvents(new DefaultRateChanged(MER, "12.5"))
                .expectResultMessagePayload(settings("12.5", "USD"));
    }

    @Test
    void recordsNothingWhenTheRateIsUnchanged() {
        fixture.given(created())
                .when(ChangeProgramSettings.rate(MER, CommissionRate.of("10.00")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(settings("10", "USD"));
    }

    @Test
    void keepsTheCurrentRateWhenNoRateIsGiven() {
        fixture.given(created(), new DefaultRateChanged(MER, "7.5"))
                .when(ChangeProgramSettings.rate(MER, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(settings("7.5", "USD"));
    }

    @Test
    void recordsNothingWhenTheRateEqualsTheOneSetByTheLastChange() {
        fixture.given(created(), new DefaultRateChanged(MER, "15"))
                .when(ChangeProgramSettings.rate(MER, CommissionRate.of("15")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(settings("15", "USD"));
    }

    @Test
    void changesTheRateBackToTheOriginalDefault() {
        fixture.given(created(), new DefaultRateChanged(MER, "15"))
                .when(ChangeProgramSettings.rate(MER, CommissionRate.of("10")))
                .expectEvents(new DefaultRateChanged(MER, "10"))
                .expectResultMessagePayload(settings("10", "USD"));
    }

    @Test
    void allowsAZeroDefaultRate() {
        fixture.given(new MerchantCreated(MER, "Acme", "10", "EUR"))
                .when(ChangeProgramSettings.rate(MER, CommissionRate.of("0")))
                .expectEvents(new DefaultRateChanged(MER, "0"))
                .expectResultMessagePayload(settings("0", "EUR"));
    }

    // ---- hold period ----

    @Test
    void changesTheHoldPeriod() {
        fixture.given(created())
                .when(new ChangeProgramSettings(MER, null, 14, null, null))
                .expectEvents(new HoldDaysChanged(MER, 14))
                .expectResultMessagePayload(settings(MER, "Acme", "10", "USD", 14, SecretStatus.UNSET, SecretStatus.UNSET));
    }

    @Test
    void recordsNothingWhenTheHoldPeriodIsUnchanged() {
        fixture.given(created(), new HoldDaysChanged(MER, 7))
                .when(new ChangeProgramSettings(MER, null, 7, null, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @ParameterizedTest(name = "accepts a hold period of {0} days")
    @ValueSource(ints = {0, 365})
    void acceptsAHoldPeriodAtEitherEdge(int days) {
        fixture.given(created())
                .when(new ChangeProgramSettings(MER, null, days, null, null))
                .expectEvents(new HoldDaysChanged(MER, days));
    }

    @ParameterizedTest(name = "refuses a hold period of {0} days")
    @ValueSource(ints = {-1, 366, Integer.MAX_VALUE, Integer.MIN_VALUE})
    void refusesAHoldPeriodOutsideZeroTo365Days(int days) {
        fixture.given(created())
                .when(new ChangeProgramSettings(MER, null, days, null, null))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("hold_days must be between 0 and 365, got " + days)
                .expectNoEvents();
    }

    // ---- Stripe secrets: the event store learns only "set, ending in …" ----

    @Test
    void recordsThatTheWebhookSecretWasSetWithItsLastFourOnlyAndKeepsTheSealedValue() {
        fixture.given(created())
                .when(new ChangeProgramSettings(MER, null, null, new SecretChange("c2VhbGVk", "x9Zq"), null))
                .expectEvents(new StripeWebhookSecretSet(MER, "x9Zq"))
                .expectResultMessagePayload(settings(MER, "Acme", "10", "USD", 30,
                        new SecretStatus(true, "x9Zq"), SecretStatus.UNSET));
        assertThat(secrets.stored).containsEntry(MER + "/stripe_webhook_secret", "c2VhbGVk");
    }

    @Test
    void recordsThatTheApiKeyWasSet() {
        fixture.given(created(), new StripeWebhookSecretSet(MER, "x9Zq"))
                .when(new ChangeProgramSettings(MER, null, null, null, new SecretChange("c2VhbGVk", "4242")))
                .expectEvents(new StripeApiKeySet(MER, "4242"))
                .expectResultMessagePayload(settings(MER, "Acme", "10", "USD", 30,
                        new SecretStatus(true, "x9Zq"), new SecretStatus(true, "4242")));
    }

    @Test
    void removesASecret() {
        fixture.given(created(), new StripeApiKeySet(MER, "4242"))
                .when(new ChangeProgramSettings(MER, null, null, null, new SecretChange(null, null)))
                .expectEvents(new StripeApiKeySet(MER, null))
                .expectResultMessagePayload(settings("10", "USD"));
        assertThat(secrets.stored).containsEntry(MER + "/stripe_api_key", null);
    }

    @Test
    void recordsNothingWhenRemovingASecretThatWasNeverSet() {
        fixture.given(created())
                .when(new ChangeProgramSettings(MER, null, null, new SecretChange(null, null), null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }
}
