package org.affiliateledger.command.conversion;

import org.affiliateledger.command.affiliate.Affiliate;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.common.CommissionRate;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.EventSourcingRepository;
import org.axonframework.eventsourcing.eventstore.EmbeddedEventStore;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Who earns from one conversion: the referrer at its rate, then each ancestor at its tier's MLM rate. */
class BeneficiariesTest {
    private static final String MER = "mer_1";
    private static final String DAVE = "aff_dave";
    private static final String CAROL = "aff_carol";
    private static final String BOB = "aff_bob";
    private static final String ALICE = "aff_alice";
    private static final CommissionRate OWN = CommissionRate.of("12.5");
    private static final Instant AT = Instant.parse("2026-01-15T09:00:00Z");

    private final EmbeddedEventStore events = EmbeddedEventStore.builder().storageEngine(new InMemoryEventStorageEngine()).build();
    private final EventSourcingRepository<Affiliate> affiliates = EventSourcingRepository.builder(Affiliate.class).eventStore(events).build();
    private final Beneficiaries beneficiaries = new Beneficiaries(affiliates);

    @AfterEach
    void closeTheEventStore() {
        events.shutDown();
    }

    private void history(String affiliateId, Object... payloads) {
        List<GenericDomainEventMessage<?>> messages = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            messages.add(new GenericDomainEventMessage<>("Affiliate", affiliateId, i, payloads[i]));
        }
        events.publish(messages);
    }

    private void active(String affiliateId, String parentId, int depth) {
        history(affiliateId, new AffiliateRegistered(affiliateId, MER, affiliateId, affiliateId + "@example.com", affiliateId,
                null, AT, parentId, depth), new AffiliateApproved(affiliateId, MER));
    }

    /** alice ← bob ← carol ← dave: dave refers the sale. */
    private void lineage() {
        active(ALICE, null, 0);
        active(BOB, ALICE, 1);
        active(CAROL, BOB, 2);
        active(DAVE, CAROL, 3);
    }

    private List<Beneficiaries.Beneficiary> of(String referrer, String... tierRates) throws Exception {
        List<CommissionRate> rates = java.util.Arrays.stream(tierRates).map(CommissionRate::of).toList();
        return DefaultUnitOfWork.startAndGet(null).executeWithResult(
                () -> beneficiaries.of(MER, referrer, affiliates.load(referrer), OWN, rates)).getPayload();
    }

    private static Beneficiaries.Beneficiary earns(String affiliateId, int tier, String rate) {
        return new Beneficiaries.Beneficiary(affiliateId, tier, CommissionRate.of(rate));
    }

    @Test
    void theReferrerAloneEarnsWithoutMlmTiers() throws Exception {
        lineage();
        assertThat(of(DAVE)).containsExactly(earns(DAVE, 0, "12.5"));
    }

    @Test
    void eachAncestorEarnsItsTiersRateUpToTheConfiguredTiers() throws Exception {
        lineage();
        assertThat(of(DAVE, "5", "2")).containsExactly(earns(DAVE, 0, "12.5"), earns(CAROL, 1, "5"), earns(BOB, 2, "2"));
    }

    @Test
    void stopsAtTheTopOfTheLineage() throws Exception {
        lineage();
        assertThat(of(BOB, "5", "2", "1")).containsExactly(earns(BOB, 0, "12.5"), earns(ALICE, 1, "5"));
    }

    @Test
    void aBannedAncestorEarnsNothingAndTheOnesAboveKeepTheirOwnTier() throws Exception {
        active(ALICE, null, 0);
        active(BOB, ALICE, 1);
        history(CAROL, new AffiliateRegistered(CAROL, MER, "Carol", "carol@example.com", "carol", null, AT, BOB, 2),
                new AffiliateBanned(CAROL, MER, "fraud"));
        active(DAVE, CAROL, 3);
        assertThat(of(DAVE, "5", "2", "1")).containsExactly(earns(DAVE, 0, "12.5"), earns(BOB, 2, "2"), earns(ALICE, 3, "1"));
    }

    @Test
    void aSuspendedAncestorStillAccrues() throws Exception {
        active(BOB, null, 0);
        history(CAROL, new AffiliateRegistered(CAROL, MER, "Carol", "carol@example.com", "carol", null, AT, BOB, 1),
                new AffiliateApproved(CAROL, MER), new AffiliateSuspended(CAROL, MER, "review"));
        active(DAVE, CAROL, 2);
        assertThat(of(DAVE, "5")).containsExactly(earns(DAVE, 0, "12.5"), earns(CAROL, 1, "5"));
    }

    @Test
    void aTierWhoseRateIsZeroCreatesNoCommissionButTheTiersAboveStillEarn() throws Exception {
        lineage();
        assertThat(of(DAVE, "0", "2")).containsExactly(earns(DAVE, 0, "12.5"), earns(BOB, 2, "2"));
    }
}
