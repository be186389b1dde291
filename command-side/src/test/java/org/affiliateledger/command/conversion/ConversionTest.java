package org.affiliateledger.command.conversion;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.RecordConversion;
import org.affiliateledger.events.conversion.RecordRefund;
import org.affiliateledger.events.conversion.OpenDispute;
import org.affiliateledger.events.conversion.CloseDispute;
import org.affiliateledger.events.conversion.ConversionRefunded;
import org.affiliateledger.events.conversion.ConversionDisputed;
import org.affiliateledger.events.conversion.ConversionDisputeClosed;
import org.affiliateledger.events.conversion.FraudFlagged;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

class ConversionTest {
    private static final String CNV = "cnv_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String COM = "com_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final Instant AT = Instant.parse("2026-02-01T12:00:00Z");

    private FixtureConfiguration<Conversion> fixture;

    /** Test-only entry point: ConversionRecording needs four repositories; the aggregate constructor is what is tested here. */
    record Record(RecordConversion command, CommissionRate rate, long commissionCents) {
    }

    record ConversionFactory(Repository<Conversion> conversions) {
        @CommandHandler
        public String handle(Record r) throws Exception {
            conversions.newInstance(() -> new Conversion(r.command(), r.rate(), r.commissionCents()));
            return r.command().conversionId();
        }
    }

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Conversion.class);
        fixture.registerAnnotatedCommandHandler(new ConversionFactory(fixture.getRepository()));
    }

    private static RecordConversion conversionOf(long amountCents) {
        return new RecordConversion(CNV, COM, MER, AFF, ConversionSource.STRIPE, "ch_123", List.of("pi_123"), amountCents, "USD", "sess_1", AT);
    }

    @Test
    void recordsAConversionWithTheRateAndCommissionDecidedAtRecordingTime() {
        fixture.givenNoPriorActivity()
                .when(new Record(conversionOf(4900), CommissionRate.of("12.50"), 612))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.STRIPE, "ch_123", 4900, "USD", COM,
                        "12.5", 612, "sess_1", AT))
                .expectResultMessagePayload(CNV);
    }

    @Test
    void recordsTheAncestorsTierCommissionsSoThatRefundsReachThemToo() {
        List<String> ancestors = List.of("com_01hx5m3k8q9v7w2r4t6y0z1111", "com_01hx5m3k8q9v7w2r4t6y0z2222");
        java.util.concurrent.atomic.AtomicReference<List<String>> followed = new java.util.concurrent.atomic.AtomicReference<>();
        fixture.givenNoPriorActivity()
                .whenConstructing(() -> new Conversion(conversionOf(10000), CommissionRate.of("10"), 1000, ancestors))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.STRIPE, "ch_123", 10000, "USD", COM,
                        "10", 1000, "sess_1", AT, null, null, ancestors))
                .expectState(conversion -> followed.set(conversion.commissionIds()));
        org.assertj.core.api.Assertions.assertThat(followed.get()).containsExactly(COM, ancestors.get(0), ancestors.get(1));
    }

    @ParameterizedTest(name = "refuses to record a conversion of {0} cents")
    @ValueSource(longs = {0, -1, -4900, Long.MIN_VALUE})
    void refusesToRecordAConversionWithoutAPositiveAmount(long amountCents) {
        fixture.givenNoPriorActivity()
                .when(new Record(conversionOf(amountCents), CommissionRate.of("10"), 0))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("amount_cents must be a positive integer, got " + amountCents)
                .expectNoEvents();
    }

    // ---- events ----

    private static RecordConversion eventOf(long amountCents) {
        return new RecordConversion(CNV, null, MER, AFF, ConversionSource.EVENT, "sub_1", List.of(), amountCents, "USD",
                "ses_1", AT, null, "trial_started", "{\"plan\":\"growth\"}");
    }

    @Test
    void recordsAnEventWorthNothingWithoutACommission() {
        fixture.givenNoPriorActivity()
                .when(new Record(eventOf(0), CommissionRate.of("0"), 0))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.EVENT, "sub_1", 0, "USD", null, "0", 0,
                        "ses_1", AT, "trial_started", "{\"plan\":\"growth\"}"));
    }

    @Test
    void refusesAnEventWithANegativeAmount() {
        fixture.givenNoPriorActivity()
                .when(new Record(eventOf(-1), CommissionRate.of("0"), 0))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("amount must be an integer ≥ 0 (minor units), got -1")
                .expectNoEvents();
    }

    // ---- fraud ----

    record Flag(String conversionId, String rule) {
    }

    record Screening(Repository<Conversion> conversions) {
        @CommandHandler
        public String handle(Flag command) throws Exception {
            conversions.load(command.conversionId()).execute(c -> c.flagFraud(command.rule(), "3 conversions from session ses_1"));
            return command.rule();
        }
    }

    @Test
    void recordsAFraudFlagNamingTheConversionsCommissions() {
        fixture.registerAnnotatedCommandHandler(new Screening(fixture.getRepository()));
        fixture.given(recorded())
                .when(new Flag(CNV, "velocity"))
                .expectEvents(new FraudFlagged(MER, AFF, CNV, List.of(COM), "velocity", "3 conversions from session ses_1"));
    }

    // ---- refunds and disputes: what the conversion records (its commissions follow in ConversionAdjustments) ----

    /** The conversion's part of ConversionAdjustments, without the commissions. */
    record ConversionOnly(Repository<Conversion> conversions) {
        @CommandHandler
        public boolean handle(RecordRefund command) throws Exception {
            return conversions.load(command.conversionId()).invoke(c -> c.recordRefund(command));
        }

        @CommandHandler
        public boolean handle(OpenDispute command) throws Exception {
            return conversions.load(command.conversionId()).invoke(c -> c.openDispute(command));
        }

        @CommandHandler
        public boolean handle(CloseDispute command) throws Exception {
            return conversions.load(command.conversionId()).invoke(c -> c.closeDispute(command));
        }
    }

    private ConversionRecorded recorded() {
        return new ConversionRecorded(CNV, MER, AFF, ConversionSource.STRIPE, "ch_123", 4900, "USD", COM, "10", 490, null, AT);
    }

    @Test
    void recordsTheCumulativeRefundedAmount() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded())
                .when(new RecordRefund(CNV, MER, 1225, "re_1"))
                .expectEvents(new ConversionRefunded(CNV, MER, 1225, 4900, "re_1"))
                .expectResultMessagePayload(true);
    }

    @ParameterizedTest(name = "ignores a refund notice of {0} cents after 1225 were refunded")
    @ValueSource(longs = {0, 1000, 1225})
    void ignoresARepeatedOrOlderRefundNotice(long cumulative) {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded(), new ConversionRefunded(CNV, MER, 1225, 4900, "re_1"))
                .when(new RecordRefund(CNV, MER, cumulative, "re_1"))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void neverRefundsMoreThanTheSale() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded())
                .when(new RecordRefund(CNV, MER, 9999, "re_2"))
                .expectEvents(new ConversionRefunded(CNV, MER, 4900, 4900, "re_2"));
    }

    @Test
    void hidesAnotherMerchantsConversion() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded())
                .when(new RecordRefund(CNV, "mer_01hx5m3k8q9v7w2r4t6y0z9999", 100, "re_1"))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void opensADisputeOnce() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded(), new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .when(new OpenDispute(CNV, MER, "dp_1", 4900))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void closesALostDisputeTakingBackWhatWasNotRefundedAlready() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded(), new ConversionRefunded(CNV, MER, 1225, 4900, "re_1"), new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .when(new CloseDispute(CNV, MER, "dp_1", false, 4900))
                .expectEvents(new ConversionDisputeClosed(CNV, MER, "dp_1", false, 3675))
                .expectResultMessagePayload(true);
    }

    @Test
    void closesAWonDisputeTakingNothing() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded(), new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .when(new CloseDispute(CNV, MER, "dp_1", true, 4900))
                .expectEvents(new ConversionDisputeClosed(CNV, MER, "dp_1", true, 0));
    }

    @Test
    void closesADisputeWhoseOpeningNoticeHasNotArrivedAndNeverReopensIt() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded())
                .when(new CloseDispute(CNV, MER, "dp_1", false, 4900))
                .expectEvents(new ConversionDisputeClosed(CNV, MER, "dp_1", false, 4900));
        fixture.given(recorded(), new ConversionDisputeClosed(CNV, MER, "dp_1", false, 4900))
                .when(new OpenDispute(CNV, MER, "dp_1", 4900))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void closesADisputeOnce() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded(), new ConversionDisputed(CNV, MER, "dp_1", 4900), new ConversionDisputeClosed(CNV, MER, "dp_1", false, 4900))
                .when(new CloseDispute(CNV, MER, "dp_1", false, 4900))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void opensANewDispute() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded())
                .when(new OpenDispute(CNV, MER, "dp_1", 4900))
                .expectEvents(new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .expectResultMessagePayload(true);
    }

    @Test
    void aSecondLostDisputeTakesOnlyWhatRefundsAndTheFirstLossLeft() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        // 4900 − 1225 refunded − 1000 lost in dp_1 = 2675 left to lose
        fixture.given(recorded(), new ConversionRefunded(CNV, MER, 1225, 4900, "re_1"),
                        new ConversionDisputeClosed(CNV, MER, "dp_1", false, 1000), new ConversionDisputed(CNV, MER, "dp_2", 4900))
                .when(new CloseDispute(CNV, MER, "dp_2", false, 4900))
                .expectEvents(new ConversionDisputeClosed(CNV, MER, "dp_2", false, 2675));
    }

    @Test
    void anotherMerchantCannotOpenADispute() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded())
                .when(new OpenDispute(CNV, "mer_01hx5m3k8q9v7w2r4t6y0z9999", "dp_1", 4900))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void anotherMerchantCannotCloseADispute() {
        fixture.registerAnnotatedCommandHandler(new ConversionOnly(fixture.getRepository()));
        fixture.given(recorded(), new ConversionDisputed(CNV, MER, "dp_1", 4900))
                .when(new CloseDispute(CNV, "mer_01hx5m3k8q9v7w2r4t6y0z9999", "dp_1", false, 4900))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }
}
