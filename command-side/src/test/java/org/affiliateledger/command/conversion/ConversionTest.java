package org.affiliateledger.command.conversion;

import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.conversion.ConversionRecorded;
import org.affiliateledger.events.conversion.ConversionSource;
import org.affiliateledger.events.conversion.RecordConversion;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

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
        return new RecordConversion(CNV, COM, MER, AFF, ConversionSource.STRIPE, "ch_123", amountCents, "USD", AT);
    }

    @Test
    void recordsAConversionWithTheRateAndCommissionDecidedAtRecordingTime() {
        fixture.givenNoPriorActivity()
                .when(new Record(conversionOf(4900), CommissionRate.of("12.50"), 612))
                .expectEvents(new ConversionRecorded(CNV, MER, AFF, ConversionSource.STRIPE, "ch_123", 4900, "USD", COM,
                        "12.5", 612, AT))
                .expectResultMessagePayload(CNV);
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
}
