package org.affiliateledger.command.merchant;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.DefaultRateChanged;
import org.affiliateledger.events.merchant.MerchantCreated;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
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

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Merchant.class);
    }

    private static MerchantCreated created() {
        return new MerchantCreated(MER, "Acme", "10", "USD");
    }

    // ---- creation (test-only entry point; MerchantOnboarding needs two repositories) ----

    record CreateMerchant(String merchantId, String name) {
    }

    record MerchantFactory(Repository<Merchant> merchants) {
        @CommandHandler
        public String handle(CreateMerchant command) throws Exception {
            merchants.newInstance(() -> new Merchant(command.merchantId(), command.name()));
            return command.merchantId();
        }
    }

    @Test
    void createsAMerchantWithTheDefaultRateAndCurrencyAndAStrippedName() {
        fixture.registerAnnotatedCommandHandler(new MerchantFactory(fixture.getRepository()));

        fixture.givenNoPriorActivity()
                .when(new CreateMerchant(MER, "  Acme Ltd \n"))
                .expectEvents(new MerchantCreated(MER, "Acme Ltd", "10", "USD"))
                .expectResultMessagePayload(MER);
    }

    @ParameterizedTest(name = "refuses to create a merchant named [{0}]")
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void refusesToCreateAMerchantWithoutAName(String name) {
        fixture.registerAnnotatedCommandHandler(new MerchantFactory(fixture.getRepository()));

        fixture.givenNoPriorActivity()
                .when(new CreateMerchant(MER, name))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("merchant name must not be blank")
                .expectNoEvents();
    }

    // ---- program settings ----

    @Test
    void changesTheDefaultRateAndReturnsTheNewSettings() {
        fixture.given(created())
                .when(new ChangeProgramSettings(MER, CommissionRate.of("12.50")))
                .expectEvents(new DefaultRateChanged(MER, "12.5"))
                .expectResultMessagePayload(new ProgramSettings(MER, "Acme", "12.5", "USD"));
    }

    @Test
    void recordsNothingWhenTheRateIsUnchanged() {
        fixture.given(created())
                .when(new ChangeProgramSettings(MER, CommissionRate.of("10.00")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new ProgramSettings(MER, "Acme", "10", "USD"));
    }

    @Test
    void keepsTheCurrentRateWhenNoRateIsGiven() {
        fixture.given(created(), new DefaultRateChanged(MER, "7.5"))
                .when(new ChangeProgramSettings(MER, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(new ProgramSettings(MER, "Acme", "7.5", "USD"));
    }

    @Test
    void recordsNothingWhenTheRateEqualsTheOneSetByTheLastChange() {
        fixture.given(created(), new DefaultRateChanged(MER, "15"))
                .when(new ChangeProgramSettings(MER, CommissionRate.of("15")))
                .expectNoEvents()
                .expectResultMessagePayload(new ProgramSettings(MER, "Acme", "15", "USD"));
    }

    @Test
    void changesTheRateBackToTheOriginalDefault() {
        fixture.given(created(), new DefaultRateChanged(MER, "15"))
                .when(new ChangeProgramSettings(MER, CommissionRate.of("10")))
                .expectEvents(new DefaultRateChanged(MER, "10"))
                .expectResultMessagePayload(new ProgramSettings(MER, "Acme", "10", "USD"));
    }

    @Test
    void allowsAZeroDefaultRate() {
        fixture.given(new MerchantCreated(MER, "Acme", "10", "EUR"))
                .when(new ChangeProgramSettings(MER, CommissionRate.of("0")))
                .expectEvents(new DefaultRateChanged(MER, "0"))
                .expectResultMessagePayload(new ProgramSettings(MER, "Acme", "0", "EUR"));
    }
}
