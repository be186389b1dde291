package org.affiliateledger.command.payout;

import org.affiliateledger.events.commission.PayCommissionThroughPayout;
import org.affiliateledger.events.commission.ReleaseCommissionFromPayout;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.affiliateledger.events.payout.PayoutSent;
import org.axonframework.test.saga.SagaTestFixture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

/** Every path of the payout saga: the payout's commissions are paid with it, or released when it fails. */
class PayoutSagaTest {
    private static final String PAY = "pay_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String COM1 = "com_01hx5m3k8q9v7w2r4t6y0z0001";
    private static final String CLAWBACK = "com_01hx5m3k8q9v7w2r4t6y0z0003";
    private static final Instant NOW = Instant.parse("2026-11-02T10:00:00Z");
    private static final PayoutCreated CREATED = new PayoutCreated(PAY, MER, AFF, null, "USD", 500, List.of(COM1, CLAWBACK), NOW);

    private SagaTestFixture<PayoutSaga> fixture;

    @BeforeEach
    void setUp() {
        fixture = new SagaTestFixture<>(PayoutSaga.class);
    }

    @Test
    void followsANewPayoutWithoutSendingAnything() {
        fixture.givenNoPriorActivity()
                .whenAggregate(PAY).publishes(CREATED)
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void waitsWhileThePayoutIsSent() {
        fixture.givenAggregate(PAY).published(CREATED)
                .whenAggregate(PAY).publishes(new PayoutSent(PAY, MER, AFF, 500, "USD", "po_123"))
                .expectActiveSagas(1)
                .expectNoDispatchedCommands();
    }

    @Test
    void paysEveryCommissionOfAPaidPayoutWithItsExternalReference() {
        fixture.givenAggregate(PAY).published(CREATED, new PayoutSent(PAY, MER, AFF, 500, "USD", "po_123"))
                .whenAggregate(PAY).publishes(new PayoutPaid(PAY, MER, AFF, 500, "USD", "po_123"))
                .expectDispatchedCommands(new PayCommissionThroughPayout(COM1, MER, PAY, "po_123"),
                        new PayCommissionThroughPayout(CLAWBACK, MER, PAY, "po_123"))
                .expectActiveSagas(0);
    }

    @Test
    void paysWithoutAnExternalReferenceWhenThePayoutHadNone() {
        // the commission's externalReference is the payout's own (none here); its payoutId names the payout
        fixture.givenAggregate(PAY).published(CREATED, new PayoutSent(PAY, MER, AFF, 500, "USD", null))
                .whenAggregate(PAY).publishes(new PayoutPaid(PAY, MER, AFF, 500, "USD", null))
                .expectDispatchedCommands(new PayCommissionThroughPayout(COM1, MER, PAY, null),
                        new PayCommissionThroughPayout(CLAWBACK, MER, PAY, null));
    }

    @Test
    void releasesEveryCommissionOfAFailedPayout() {
        fixture.givenAggregate(PAY).published(CREATED, new PayoutSent(PAY, MER, AFF, 500, "USD", "po_123"))
                .whenAggregate(PAY).publishes(new PayoutFailed(PAY, MER, AFF, 500, "USD", "account closed"))
                .expectDispatchedCommands(new ReleaseCommissionFromPayout(COM1, MER, PAY, "account closed"),
                        new ReleaseCommissionFromPayout(CLAWBACK, MER, PAY, "account closed"))
                .expectActiveSagas(0);
    }

    @Test
    void releasesTheCommissionsOfAPayoutThatFailedBeforeItWasSent() {
        fixture.givenAggregate(PAY).published(CREATED)
                .whenAggregate(PAY).publishes(new PayoutFailed(PAY, MER, AFF, 500, "USD", "no bank details"))
                .expectDispatchedCommands(new ReleaseCommissionFromPayout(COM1, MER, PAY, "no bank details"),
                        new ReleaseCommissionFromPayout(CLAWBACK, MER, PAY, "no bank details"))
                .expectActiveSagas(0);
    }
}
