package org.affiliateledger.command.commission;

import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.CommissionApproved;
import org.affiliateledger.events.commission.CommissionCreated;
import org.affiliateledger.events.commission.CommissionRejected;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.CommissionVoided;
import org.affiliateledger.events.commission.RejectCommission;
import org.affiliateledger.events.commission.VoidCommission;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.modelling.command.Repository;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.affiliateledger.events.commission.CommissionStatus.APPROVED;
import static org.affiliateledger.events.commission.CommissionStatus.PENDING;
import static org.affiliateledger.events.commission.CommissionStatus.REJECTED;
import static org.affiliateledger.events.commission.CommissionStatus.VOIDED;

class CommissionTest {
    private static final String COM = "com_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String CNV = "cnv_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";

    private FixtureConfiguration<Commission> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Commission.class);
    }

    private static CommissionCreated created() {
        return new CommissionCreated(COM, MER, CNV, AFF, 0, 4900, "10", 490, "EUR");
    }

    private static List<Object> historyOf(CommissionStatus status) {
        return switch (status) {
            case PENDING -> List.of(created());
            case APPROVED -> List.of(created(), new CommissionApproved(COM, MER, CNV, AFF, 490, "EUR"));
            case REJECTED -> List.of(created(), new CommissionRejected(COM, MER, CNV, AFF, "self-referral"));
            case VOIDED -> List.of(created(), new CommissionVoided(COM, MER, CNV, AFF, "refund"));
            case PAID -> throw new IllegalArgumentException("no event leads to paid yet");
        };
    }

    private static String refusal(String action, CommissionStatus current, String allowed) {
        return "cannot " + action + " commission " + COM + ": it is " + current.wireName() + " (allowed from: " + allowed + ")";
    }

    // ---- creation ----

    /** A test-only entry point: the Commission constructor is public but not a command handler. */
    record CreateCommission(String commissionId, String merchantId, String conversionId, String affiliateId, int tier,
                            long baseAmountCents, CommissionRate rate, long amountCents, String currency) {
    }

    record CommissionFactory(Repository<Commission> commissions) {
        @CommandHandler
        public String handle(CreateCommission c) throws Exception {
            commissions.newInstance(() -> new Commission(c.commissionId(), c.merchantId(), c.conversionId(),
                    c.affiliateId(), c.tier(), c.baseAmountCents(), c.rate(), c.amountCents(), c.currency()));
            return c.commissionId();
        }
    }

    @Test
    void createsAPendingCommissionRecordingTheRateInCanonicalForm() {
        fixture.registerAnnotatedCommandHandler(new CommissionFactory(fixture.getRepository()));

        fixture.givenNoPriorActivity()
                .when(new CreateCommission(COM, MER, CNV, AFF, 1, 4900, CommissionRate.of("12.50"), 612, "EUR"))
                .expectEvents(new CommissionCreated(COM, MER, CNV, AFF, 1, 4900, "12.5", 612, "EUR"))
                .expectResultMessagePayload(COM);
    }

    // ---- approve: pending only ----

    @Test
    void approvesAPendingCommissionCarryingItsAmountAndCurrency() {
        fixture.given(historyOf(PENDING))
                .when(new ApproveCommission(COM, MER))
                .expectEvents(new CommissionApproved(COM, MER, CNV, AFF, 490, "EUR"))
                .expectResultMessagePayload(APPROVED);
    }

    @Test
    void refusesToApproveAnApprovedCommission() {
        fixture.given(historyOf(APPROVED))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", APPROVED, "pending"))
                .expectNoEvents();
    }

    @Test
    void rejectsApprovalOfRejectedCommission() {
        fixture.given(historyOf(REJECTED))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", REJECTED, "pending"))
                .expectNoEvents();
    }

    @Test
    void rejectsApprovalOfVoidedCommission() {
        fixture.given(historyOf(VOIDED))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", VOIDED, "pending"))
                .expectNoEvents();
    }

    // ---- reject: pending only ----

    @Test
    void rejectsAPendingCommissionKeepingTheReason() {
        fixture.given(historyOf(PENDING))
                .when(new RejectCommission(COM, MER, "self-referral"))
                .expectEvents(new CommissionRejected(COM, MER, CNV, AFF, "self-referral"))
                .expectResultMessagePayload(REJECTED);
    }

    @Test
    void refusesToRejectAnApprovedCommission() {
        fixture.given(historyOf(APPROVED))
                .when(new RejectCommission(COM, MER, "too late"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("reject", APPROVED, "pending"))
                .expectNoEvents();
    }

    @Test
    void refusesToRejectARejectedCommission() {
        fixture.given(historyOf(REJECTED))
                .when(new RejectCommission(COM, MER, "again"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("reject", REJECTED, "pending"))
                .expectNoEvents();
    }

    @Test
    void refusesToRejectAVoidedCommission() {
        fixture.given(historyOf(VOIDED))
                .when(new RejectCommission(COM, MER, "again"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("reject", VOIDED, "pending"))
                .expectNoEvents();
    }

    // ---- void: pending or approved ----

    @Test
    void voidsAPendingCommissionKeepingTheReason() {
        fixture.given(historyOf(PENDING))
                .when(new VoidCommission(COM, MER, "refund"))
                .expectEvents(new CommissionVoided(COM, MER, CNV, AFF, "refund"))
                .expectResultMessagePayload(VOIDED);
    }

    @Test
    void voidsAnApprovedCommission() {
        fixture.given(historyOf(APPROVED))
                .when(new VoidCommission(COM, MER, "chargeback"))
                .expectEvents(new CommissionVoided(COM, MER, CNV, AFF, "chargeback"))
                .expectResultMessagePayload(VOIDED);
    }

    @Test
    void refusesToVoidARejectedCommission() {
        fixture.given(historyOf(REJECTED))
                .when(new VoidCommission(COM, MER, "refund"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("void", REJECTED, "pending, approved"))
                .expectNoEvents();
    }

    @Test
    void refusesToVoidAVoidedCommission() {
        fixture.given(historyOf(VOIDED))
                .when(new VoidCommission(COM, MER, "refund"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("void", VOIDED, "pending, approved"))
                .expectNoEvents();
    }

    @Test
    void refusesToApproveACommissionThatWasApprovedThenVoided() {
        fixture.given(historyOf(APPROVED))
                .andGiven(new CommissionVoided(COM, MER, CNV, AFF, "refund"))
                .when(new ApproveCommission(COM, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", VOIDED, "pending"))
                .expectNoEvents();
    }

    // ---- tenancy ----

    static Stream<Arguments> everyCommandOfAnotherMerchantInEveryState() {
        return Stream.of(PENDING, APPROVED, REJECTED, VOIDED).flatMap(status -> Stream.of(
                Arguments.of("approve", status, new ApproveCommission(COM, OTHER_MER)),
                Arguments.of("reject", status, new RejectCommission(COM, OTHER_MER, "r")),
                Arguments.of("void", status, new VoidCommission(COM, OTHER_MER, "r"))));
    }

    @ParameterizedTest(name = "hides another merchant''s {1} commission when asked to {0} it")
    @MethodSource("everyCommandOfAnotherMerchantInEveryState")
    void hidesAnotherMerchantsCommission(String action, CommissionStatus status, Object command) {
        fixture.given(historyOf(status))
                .when(command)
                .expectException(NotFoundException.class)
                .expectExceptionMessage("commission " + COM + " not found")
                .expectNoEvents();
    }
}
