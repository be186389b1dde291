package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.RefusalCode;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliateEmailChanged;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateRenamed;
import org.affiliateledger.events.affiliate.ChangeAffiliateProfile;
import org.affiliateledger.events.affiliate.CommissionOverrideChanged;
import org.affiliateledger.events.affiliate.UpdateAffiliate.OverrideChange;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

/**
 * The affiliate decides a profile change itself ({@link ChangeAffiliateProfile}): the rules are the aggregate's, the
 * email's holder comes in the command (the claim {@link AffiliateUpdate} takes).
 */
class AffiliateProfileTest {
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_AFF = "aff_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final AffiliateRegistered REGISTERED = new AffiliateRegistered(AFF, MER, "Ann Example", "ann@example.com",
            "ann", null, Instant.parse("2026-01-15T09:00:00Z"));

    private FixtureConfiguration<Affiliate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Affiliate.class);
    }

    private static ChangeAffiliateProfile change(String name, String email, OverrideChange override, String emailHeldBy) {
        return new ChangeAffiliateProfile(AFF, MER, name, email, override, emailHeldBy);
    }

    @Test
    void aFreeEmailBecomesTheAffiliatesEmail() {
        fixture.given(REGISTERED, new AffiliateApproved(AFF, MER))
                .when(change(null, " ann.new@example.com ", null, null))
                .expectEvents(new AffiliateEmailChanged(AFF, MER, "ann.new@example.com", "ann@example.com"));
    }

    @Test
    void anEmailAnotherAffiliateHoldsIsRefusedAndNothingElseChanges() {
        fixture.given(REGISTERED, new AffiliateApproved(AFF, MER))
                .when(change("Ann Other", "bob@example.com", new OverrideChange(CommissionRate.of("20")), OTHER_AFF))
                .expectException(DuplicateException.class)
                .expectException(RefusalCode.is("duplicate_email"))
                .expectExceptionMessage("an affiliate with email bob@example.com already exists (" + OTHER_AFF
                        + "); emails are unique per program");
    }

    @Test
    void anEmailTheAffiliateItselfHoldsIsNotADuplicate() {
        fixture.given(REGISTERED)
                .when(change(null, "ANN@example.com", null, AFF))
                .expectEvents(new AffiliateEmailChanged(AFF, MER, "ANN@example.com", "ann@example.com"));
    }

    @Test
    void everyFieldGivenChangesInOneDecision() {
        fixture.given(REGISTERED)
                .when(change(" Ann Other ", "ann.other@example.com", new OverrideChange(CommissionRate.of("12.50")), null))
                .expectEvents(new AffiliateRenamed(AFF, MER, "Ann Other", "Ann Example"),
                        new AffiliateEmailChanged(AFF, MER, "ann.other@example.com", "ann@example.com"),
                        new CommissionOverrideChanged(AFF, MER, "12.5"));
    }

    @Test
    void aBlankNameIsRefused() {
        fixture.given(REGISTERED)
                .when(change(" ", null, null, null))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("name must not be blank");
    }

    @Test
    void aBannedAffiliateCannotChangeEvenItsOverride() {
        fixture.given(REGISTERED, new AffiliateBanned(AFF, MER, "fraud"))
                .when(change(null, null, new OverrideChange(null), null))
                .expectException(StateConflictException.class)
                .expectException(RefusalCode.is("affiliate_banned"))
                .expectExceptionMessage("cannot change affiliate " + AFF + ": it is banned");
    }

    @Test
    void aBannedAffiliateIsRefusedBeforeItsEmailIsCheckedForDuplicates() {
        fixture.given(REGISTERED, new AffiliateBanned(AFF, MER, "fraud"))
                .when(change(null, "bob@example.com", null, OTHER_AFF))
                .expectException(StateConflictException.class);
    }

    @Test
    void anotherMerchantsAffiliateIsNotFound() {
        fixture.given(REGISTERED)
                .when(new ChangeAffiliateProfile(AFF, OTHER_MER, "Ann Other", null, null, null))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("affiliate " + AFF + " not found");
    }

    @Test
    void theChangedAffiliateIsTheAnswer() {
        fixture.given(REGISTERED)
                .when(change("Ann Other", null, null, null))
                .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(
                        org.hamcrest.Matchers.containsString("name=Ann Other,")));
    }
}
