package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.support.UniqueClaims;
import org.affiliateledger.events.affiliate.AffiliateApproved;
import org.affiliateledger.events.affiliate.AffiliateBanned;
import org.affiliateledger.events.affiliate.AffiliateEmailChanged;
import org.affiliateledger.events.affiliate.AffiliateRenamed;
import org.affiliateledger.events.affiliate.UpdateAffiliate;
import org.affiliateledger.events.affiliate.AffiliatePaused;
import org.affiliateledger.events.affiliate.AffiliateRegistered;
import org.affiliateledger.events.affiliate.AffiliateReinstated;
import org.affiliateledger.events.affiliate.AffiliateResumed;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.affiliate.AffiliateSuspended;
import org.affiliateledger.events.affiliate.ApproveAffiliate;
import org.affiliateledger.events.affiliate.BanAffiliate;
import org.affiliateledger.events.affiliate.ChangeCommissionOverride;
import org.affiliateledger.events.affiliate.CommissionOverrideChanged;
import org.affiliateledger.events.affiliate.PauseAffiliate;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.affiliate.RegistrationReceipt;
import org.affiliateledger.events.affiliate.ReinstateAffiliate;
import org.affiliateledger.events.affiliate.ResumeAffiliate;
import org.affiliateledger.events.affiliate.SuspendAffiliate;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.DuplicateException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.affiliateledger.events.affiliate.AffiliateStatus.ACTIVE;
import static org.affiliateledger.events.affiliate.AffiliateStatus.BANNED;
import static org.affiliateledger.events.affiliate.AffiliateStatus.PAUSED;
import static org.affiliateledger.events.affiliate.AffiliateStatus.PENDING;
import static org.affiliateledger.events.affiliate.AffiliateStatus.SUSPENDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AffiliateTest {
    private static final String AFF = "aff_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final Instant REGISTERED_AT = Instant.parse("2026-01-15T09:00:00Z");

    private FixtureConfiguration<Affiliate> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Affiliate.class);
    }

    // ---- histories that put the affiliate in each state ----

    private static AffiliateRegistered registered() {
        return registered(null);
    }

    private static AffiliateRegistered registered(String override) {
        return new AffiliateRegistered(AFF, MER, "Ann Example", "ann@example.com", "ann", override, REGISTERED_AT);
    }

    private static List<Object> historyOf(AffiliateStatus status) {
        return switch (status) {
            case PENDING -> List.of(registered());
            case ACTIVE -> List.of(registered(), new AffiliateApproved(AFF, MER));
            case PAUSED -> List.of(registered(), new AffiliateApproved(AFF, MER), new AffiliatePaused(AFF, MER));
            case SUSPENDED -> List.of(registered(), new AffiliateApproved(AFF, MER),
                    new AffiliateSuspended(AFF, MER, "chargebacks"));
            case BANNED -> List.of(registered(), new AffiliateBanned(AFF, MER, "fraud"));
        };
    }

    private static String refusal(String action, AffiliateStatus current, String allowed) {
        return "cannot " + action + " affiliate " + AFF + ": it is " + current.wireName() + " (allowed from: " + allowed + ")";
    }

    // ---- creation (through AffiliateRegistration, the only way to create one) ----

    @Nested
    class Registration {
        private final RecordingClaims claims = new RecordingClaims();

        @BeforeEach
        void registerTheRegistrationHandler() {
            fixture.registerAnnotatedCommandHandler(new AffiliateRegistration(fixture.getRepository(), claims));
        }

        @Test
        void registersAPendingAffiliateWithoutOverride() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterAffiliate(AFF, MER, "Ann Example", "ann@example.com", "ann", null, false, REGISTERED_AT))
                    .expectSuccessfulHandlerExecution()
                    .expectEvents(registered())
                    .expectResultMessagePayload(new RegistrationReceipt(AFF, null));
        }

        @Test
        void registersAnAffiliateWithItsOverrideInCanonicalForm() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterAffiliate(AFF, MER, "Ann Example", "ann@example.com", "ann",
                            CommissionRate.of("12.50"), false, REGISTERED_AT))
                    .expectEvents(registered("12.5"))
                    .expectResultMessagePayload(new RegistrationReceipt(AFF, null));
        }

        @Test
        void registersAndApprovesInOneStepWhenAskedToActivate() {
            var given = fixture.givenNoPriorActivity();
            given.when(new RegisterAffiliate(AFF, MER, "Ann Example", "ann@example.com", "ann", null, true, REGISTERED_AT))
                    .expectEvents(registered(), new AffiliateApproved(AFF, MER))
                    // activatedAt is the recorded time of the approval event, which every read and webhook shows
                    .expectResultMessagePayload(new RegistrationReceipt(AFF, null, given.currentTime()));
        }

        @Test
        void claimsTheEmailAndShortCodeCaseInsensitivelyForTheMerchant() {
            fixture.givenNoPriorActivity()
                    .when(new RegisterAffiliate(AFF, MER, "Ann", "Ann@Example.COM", "AnnX", null, false, REGISTERED_AT))
                    .expectSuccessfulHandlerExecution();

            assertThat(claims.claimed).containsExactly(
                    MER + "|affiliate.email|ann@example.com|" + AFF,
                    MER + "|affiliate.short_code|annx|" + AFF);
        }

        @Test
        void refusesAnEmailAlreadyClaimedByAnotherAffiliate() {
            claims.taken.put("affiliate.email|ann@example.com", "aff_older");

            fixture.givenNoPriorActivity()
                    .when(new RegisterAffiliate(AFF, MER, "Ann", "ANN@example.com", "ann", null, false, REGISTERED_AT))
                    .expectException(DuplicateException.class)
                    .expectExceptionMessage("an affiliate with email ANN@example.com already exists (aff_older)")
                    .expectNoEvents();
        }

        @Test
        void refusesAShortCodeAlreadyClaimedByAnotherAffiliate() {
            claims.taken.put("affiliate.short_code|ann", "aff_older");

            fixture.givenNoPriorActivity()
                    .when(new RegisterAffiliate(AFF, MER, "Ann", "ann@example.com", "Ann", null, false, REGISTERED_AT))
                    .expectException(DuplicateException.class)
                    .expectExceptionMessage("short code Ann is already used by aff_older")
                    .expectNoEvents();
        }
    }

    /** Records claims instead of writing them to the database; {@link #taken} are owned by someone else. */
    static class RecordingClaims extends UniqueClaims {
        final List<String> claimed = new ArrayList<>();
        final List<String> released = new ArrayList<>();
        final Map<String, String> taken = new HashMap<>();

        RecordingClaims() {
            super(null);
        }

        @Override
        public Optional<String> claim(String merchantId, String kind, String value, String ownerId) {
            claimed.add(merchantId + "|" + kind + "|" + value + "|" + ownerId);
            return Optional.ofNullable(taken.get(kind + "|" + value));
        }

        @Override
        public void release(String merchantId, String kind, String value, String ownerId) {
            released.add(merchantId + "|" + kind + "|" + value + "|" + ownerId);
        }
    }

    // ---- PATCH: rename, re-email, override, all or nothing (through AffiliateUpdate) ----

    @Nested
    class Update {
        private final RecordingClaims claims = new RecordingClaims();

        @BeforeEach
        void registerTheUpdateHandler() {
            fixture.registerAnnotatedCommandHandler(new AffiliateUpdate(fixture.getRepository(), claims));
        }

        private UpdateAffiliate update(String name, String email, UpdateAffiliate.OverrideChange override) {
            return new UpdateAffiliate(AFF, MER, name, email, override);
        }

        @Test
        void renamesAnAffiliateKeepingItsShortCode() {
            fixture.given(historyOf(ACTIVE))
                    .when(update("  Ann Other ", null, null))
                    .expectEvents(new AffiliateRenamed(AFF, MER, "Ann Other", "Ann Example"))
                    .expectResultMessagePayloadMatching(org.hamcrest.Matchers.hasToString(
                            org.hamcrest.Matchers.containsString("shortCode=ann,")));
            assertThat(claims.claimed).isEmpty();
        }

        @Test
        void changesTheEmailMovingItsUniquenessClaim() {
            fixture.given(historyOf(ACTIVE))
                    .when(update(null, "Ann.New@example.com", null))
                    .expectEvents(new AffiliateEmailChanged(AFF, MER, "Ann.New@example.com", "ann@example.com"));
            assertThat(claims.claimed).containsExactly(MER + "|affiliate.email|ann.new@example.com|" + AFF);
            assertThat(claims.released).containsExactly(MER + "|affiliate.email|ann@example.com|" + AFF);
        }

        @Test
        void changesOnlyTheLetterCaseOfTheEmailWithoutTouchingTheClaim() {
            fixture.given(historyOf(ACTIVE))
                    .when(update(null, "ANN@example.com", null))
                    .expectEvents(new AffiliateEmailChanged(AFF, MER, "ANN@example.com", "ann@example.com"));
            assertThat(claims.claimed).isEmpty();
            assertThat(claims.released).isEmpty();
        }

        @Test
        void refusesAnEmailAnotherAffiliateHasAndChangesNothingElse() {
            claims.taken.put("affiliate.email|bob@example.com", "aff_bob");

            fixture.given(historyOf(ACTIVE))
                    .when(update("Ann Other", "bob@example.com", new UpdateAffiliate.OverrideChange(CommissionRate.of("20"))))
                    .expectException(DuplicateException.class)
                    .expectException(org.affiliateledger.command.RefusalCode.is("duplicate_email"))
                    .expectExceptionMessage("an affiliate with email bob@example.com already exists (aff_bob); emails are unique per program");
            assertThat(claims.released).isEmpty();
        }

        @Test
        void appliesEveryFieldGivenInOneChange() {
            fixture.given(historyOf(PAUSED))
                    .when(update("Ann Other", "ann.other@example.com", new UpdateAffiliate.OverrideChange(CommissionRate.of("20.0"))))
                    .expectEvents(new AffiliateRenamed(AFF, MER, "Ann Other", "Ann Example"),
                            new AffiliateEmailChanged(AFF, MER, "ann.other@example.com", "ann@example.com"),
                            new CommissionOverrideChanged(AFF, MER, "20"));
        }

        @Test
        void removesTheOverrideWhenGivenNull() {
            fixture.given(registered("12.5"), new AffiliateApproved(AFF, MER))
                    .when(update(null, null, new UpdateAffiliate.OverrideChange(null)))
                    .expectEvents(new CommissionOverrideChanged(AFF, MER, null));
        }

        @Test
        void keepsTheOverrideWhenNotGiven() {
            fixture.given(registered("12.5"), new AffiliateApproved(AFF, MER))
                    .when(update("Ann Other", null, null))
                    .expectEvents(new AffiliateRenamed(AFF, MER, "Ann Other", "Ann Example"));
        }

        @Test
        void recordsNothingForValuesThatDoNotChange() {
            fixture.given(historyOf(ACTIVE))
                    .when(update("Ann Example", "ann@example.com", new UpdateAffiliate.OverrideChange(null)))
                    .expectSuccessfulHandlerExecution()
                    .expectNoEvents();
        }

        @Test
        void refusesABlankName() {
            fixture.given(historyOf(ACTIVE))
                    .when(update("  ", null, null))
                    .expectException(org.affiliateledger.events.common.InvalidRequestException.class)
                    .expectNoEvents();
        }

        @Test
        void refusesToChangeABannedAffiliate() {
            fixture.given(historyOf(BANNED))
                    .when(update("Ann Other", null, null))
                    .expectException(StateConflictException.class)
                    .expectExceptionMessage("cannot change affiliate " + AFF + ": it is banned")
                    .expectNoEvents();
        }

        @Test
        void hidesAnotherMerchantsAffiliate() {
            fixture.given(historyOf(ACTIVE))
                    .when(new UpdateAffiliate(AFF, OTHER_MER, "Ann Other", null, null))
                    .expectException(NotFoundException.class)
                    .expectNoEvents();
        }
    }

    // ---- approve: pending only ----

    @Test
    void approvesAPendingAffiliate() {
        fixture.given(historyOf(PENDING))
                .when(new ApproveAffiliate(AFF, MER))
                .expectEvents(new AffiliateApproved(AFF, MER))
                .expectResultMessagePayload(ACTIVE);
    }

    @Test
    void refusesToApproveAnActiveAffiliate() {
        fixture.given(historyOf(ACTIVE))
                .when(new ApproveAffiliate(AFF, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("approve", ACTIVE, "pending"))
                .expectNoEvents();
    }

    // ---- pause: active only ----

    @Test
    void pausesAnActiveAffiliate() {
        fixture.given(historyOf(ACTIVE))
                .when(new PauseAffiliate(AFF, MER))
                .expectEvents(new AffiliatePaused(AFF, MER))
                .expectResultMessagePayload(PAUSED);
    }

    @Test
    void refusesToPauseAPendingAffiliate() {
        fixture.given(historyOf(PENDING))
                .when(new PauseAffiliate(AFF, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("pause", PENDING, "active"))
                .expectNoEvents();
    }

    // ---- resume: paused only ----

    @Test
    void resumesAPausedAffiliate() {
        fixture.given(historyOf(PAUSED))
                .when(new ResumeAffiliate(AFF, MER))
                .expectEvents(new AffiliateResumed(AFF, MER))
                .expectResultMessagePayload(ACTIVE);
    }

    @Test
    void refusesToResumeASuspendedAffiliate() {
        fixture.given(historyOf(SUSPENDED))
                .when(new ResumeAffiliate(AFF, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("resume", SUSPENDED, "paused"))
                .expectNoEvents();
    }

    // ---- suspend: active or paused ----

    @Test
    void suspendsAnActiveAffiliateKeepingTheReason() {
        fixture.given(historyOf(ACTIVE))
                .when(new SuspendAffiliate(AFF, MER, "chargebacks"))
                .expectEvents(new AffiliateSuspended(AFF, MER, "chargebacks"))
                .expectResultMessagePayload(SUSPENDED);
    }

    @Test
    void suspendsAPausedAffiliate() {
        fixture.given(historyOf(PAUSED))
                .when(new SuspendAffiliate(AFF, MER, "review"))
                .expectEvents(new AffiliateSuspended(AFF, MER, "review"))
                .expectResultMessagePayload(SUSPENDED);
    }

    @Test
    void refusesToSuspendAPendingAffiliate() {
        fixture.given(historyOf(PENDING))
                .when(new SuspendAffiliate(AFF, MER, "review"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("suspend", PENDING, "active, paused"))
                .expectNoEvents();
    }

    // ---- reinstate: suspended only ----

    @Test
    void reinstatesASuspendedAffiliate() {
        fixture.given(historyOf(SUSPENDED))
                .when(new ReinstateAffiliate(AFF, MER))
                .expectEvents(new AffiliateReinstated(AFF, MER))
                .expectResultMessagePayload(ACTIVE);
    }

    @Test
    void refusesToReinstateAPausedAffiliate() {
        fixture.given(historyOf(PAUSED))
                .when(new ReinstateAffiliate(AFF, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("reinstate", PAUSED, "suspended"))
                .expectNoEvents();
    }

    // ---- ban: anything but banned ----

    @ParameterizedTest(name = "bans a {0} affiliate")
    @MethodSource("everyStateButBanned")
    void bansAnAffiliateThatIsNotBannedYet(AffiliateStatus from) {
        fixture.given(historyOf(from))
                .when(new BanAffiliate(AFF, MER, "fraud"))
                .expectEvents(new AffiliateBanned(AFF, MER, "fraud"))
                .expectResultMessagePayload(BANNED);
    }

    @Test
    void refusesToBanABannedAffiliate() {
        fixture.given(historyOf(BANNED))
                .when(new BanAffiliate(AFF, MER, "again"))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("ban", BANNED, "pending, active, paused, suspended"))
                .expectNoEvents();
    }

    static Stream<AffiliateStatus> everyStateButBanned() {
        return Stream.of(PENDING, ACTIVE, PAUSED, SUSPENDED);
    }

    // ---- the full transition table ----

    static Stream<Arguments> everyAllowedTransition() {
        return Stream.of(
                Arguments.of("approve", PENDING, new ApproveAffiliate(AFF, MER), new AffiliateApproved(AFF, MER), ACTIVE),
                Arguments.of("pause", ACTIVE, new PauseAffiliate(AFF, MER), new AffiliatePaused(AFF, MER), PAUSED),
                Arguments.of("resume", PAUSED, new ResumeAffiliate(AFF, MER), new AffiliateResumed(AFF, MER), ACTIVE),
                Arguments.of("suspend", ACTIVE, new SuspendAffiliate(AFF, MER, "r"), new AffiliateSuspended(AFF, MER, "r"), SUSPENDED),
                Arguments.of("suspend", PAUSED, new SuspendAffiliate(AFF, MER, "r"), new AffiliateSuspended(AFF, MER, "r"), SUSPENDED),
                Arguments.of("reinstate", SUSPENDED, new ReinstateAffiliate(AFF, MER), new AffiliateReinstated(AFF, MER), ACTIVE),
                Arguments.of("ban", PENDING, new BanAffiliate(AFF, MER, "r"), new AffiliateBanned(AFF, MER, "r"), BANNED),
                Arguments.of("ban", ACTIVE, new BanAffiliate(AFF, MER, "r"), new AffiliateBanned(AFF, MER, "r"), BANNED),
                Arguments.of("ban", PAUSED, new BanAffiliate(AFF, MER, "r"), new AffiliateBanned(AFF, MER, "r"), BANNED),
                Arguments.of("ban", SUSPENDED, new BanAffiliate(AFF, MER, "r"), new AffiliateBanned(AFF, MER, "r"), BANNED));
    }

    @ParameterizedTest(name = "allows to {0} a {1} affiliate, which becomes {4}")
    @MethodSource("everyAllowedTransition")
    void allowsEveryTransitionOfTheLifecycle(String action, AffiliateStatus from, Object command, Object event,
                                             AffiliateStatus to) {
        fixture.given(historyOf(from))
                .when(command)
                .expectEvents(event)
                .expectResultMessagePayload(to);
    }

    static Stream<Arguments> everyRefusedTransition() {
        List<Arguments> refused = new ArrayList<>();
        Map<String, List<AffiliateStatus>> allowedFrom = Map.of(
                "approve", List.of(PENDING),
                "pause", List.of(ACTIVE),
                "resume", List.of(PAUSED),
                "suspend", List.of(ACTIVE, PAUSED),
                "reinstate", List.of(SUSPENDED),
                "ban", List.of(PENDING, ACTIVE, PAUSED, SUSPENDED));
        for (String action : List.of("approve", "pause", "resume", "suspend", "reinstate", "ban")) {
            for (AffiliateStatus from : AffiliateStatus.values()) {
                List<AffiliateStatus> allowed = allowedFrom.get(action);
                if (!allowed.contains(from)) {
                    refused.add(Arguments.of(action, from, commandFor(action, MER),
                            String.join(", ", allowed.stream().map(AffiliateStatus::wireName).toList())));
                }
            }
        }
        return refused.stream();
    }

    private static Object commandFor(String action, String merchantId) {
        return switch (action) {
            case "approve" -> new ApproveAffiliate(AFF, merchantId);
            case "pause" -> new PauseAffiliate(AFF, merchantId);
            case "resume" -> new ResumeAffiliate(AFF, merchantId);
            case "suspend" -> new SuspendAffiliate(AFF, merchantId, "r");
            case "reinstate" -> new ReinstateAffiliate(AFF, merchantId);
            case "ban" -> new BanAffiliate(AFF, merchantId, "r");
            case "change the override of" -> new ChangeCommissionOverride(AFF, merchantId, CommissionRate.of("5"));
            default -> throw new IllegalArgumentException(action);
        };
    }

    @ParameterizedTest(name = "refuses to {0} a {1} affiliate (allowed from: {3})")
    @MethodSource("everyRefusedTransition")
    void refusesEveryTransitionFromAStateItIsNotAllowedFrom(String action, AffiliateStatus from, Object command,
                                                           String allowed) {
        fixture.given(historyOf(from))
                .when(command)
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal(action, from, allowed))
                .expectNoEvents();
    }

    @Test
    void theTableOfRefusedTransitionsCoversEveryOtherStateActionPair() {
        assertThat(everyRefusedTransition().count()).isEqualTo(6 * 5 - 10);
    }

    // ---- tenancy: another merchant's affiliate does not exist ----

    static Stream<Arguments> everyCommandInEveryState() {
        List<Arguments> all = new ArrayList<>();
        for (String action : List.of("approve", "pause", "resume", "suspend", "reinstate", "ban", "change the override of")) {
            for (AffiliateStatus from : AffiliateStatus.values()) {
                all.add(Arguments.of(action, from, commandFor(action, OTHER_MER)));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "hides another merchant''s {1} affiliate when asked to {0} it")
    @MethodSource("everyCommandInEveryState")
    void hidesAnotherMerchantsAffiliate(String action, AffiliateStatus from, Object command) {
        fixture.given(historyOf(from))
                .when(command)
                .expectException(NotFoundException.class)
                .expectExceptionMessage("affiliate " + AFF + " not found")
                .expectNoEvents();
    }

    @Test
    void hidesAnotherMerchantsAffiliateFromApproval() {
        fixture.given(historyOf(PENDING))
                .when(new ApproveAffiliate(AFF, OTHER_MER))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("affiliate " + AFF + " not found")
                .expectNoEvents();
    }

    // ---- commission override ----

    @Test
    void setsACommissionOverrideInCanonicalForm() {
        fixture.given(historyOf(ACTIVE))
                .when(new ChangeCommissionOverride(AFF, MER, CommissionRate.of("15.50")))
                .expectEvents(new CommissionOverrideChanged(AFF, MER, "15.5"))
                .expectResultMessagePayload(ACTIVE);
    }

    @Test
    void changesAnExistingCommissionOverride() {
        fixture.given(registered("15"), new AffiliateApproved(AFF, MER))
                .when(new ChangeCommissionOverride(AFF, MER, CommissionRate.of("20")))
                .expectEvents(new CommissionOverrideChanged(AFF, MER, "20"))
                .expectResultMessagePayload(ACTIVE);
    }

    @Test
    void clearsTheCommissionOverrideWithANullRate() {
        fixture.given(registered("15"))
                .when(new ChangeCommissionOverride(AFF, MER, null))
                .expectEvents(new CommissionOverrideChanged(AFF, MER, null))
                .expectResultMessagePayload(PENDING);
    }

    @Test
    void recordsNothingWhenTheOverrideIsUnchanged() {
        fixture.given(registered("15"), new AffiliateApproved(AFF, MER))
                .when(new ChangeCommissionOverride(AFF, MER, CommissionRate.of("15.000")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(ACTIVE);
    }

    @Test
    void recordsNothingWhenThereIsNoOverrideToClear() {
        fixture.given(historyOf(PAUSED))
                .when(new ChangeCommissionOverride(AFF, MER, null))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(PAUSED);
    }

    @Test
    void recordsNothingWhenTheOverrideEqualsOneSetByAnEarlierChange() {
        fixture.given(registered(), new CommissionOverrideChanged(AFF, MER, "7.5"))
                .when(new ChangeCommissionOverride(AFF, MER, CommissionRate.of("7.50")))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents()
                .expectResultMessagePayload(PENDING);
    }

    @Test
    void changesTheOverrideOfASuspendedAffiliate() {
        fixture.given(historyOf(SUSPENDED))
                .when(new ChangeCommissionOverride(AFF, MER, CommissionRate.of("3")))
                .expectEvents(new CommissionOverrideChanged(AFF, MER, "3"))
                .expectResultMessagePayload(SUSPENDED);
    }

    @Test
    void refusesToChangeTheOverrideOfABannedAffiliate() {
        fixture.given(historyOf(BANNED))
                .when(new ChangeCommissionOverride(AFF, MER, CommissionRate.of("5")))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot change the commission override of affiliate " + AFF + ": it is banned")
                .expectNoEvents();
    }

    @Test
    void refusesEvenAnUnchangedOverrideOnABannedAffiliate() {
        fixture.given(registered("5"), new AffiliateBanned(AFF, MER, "fraud"))
                .when(new ChangeCommissionOverride(AFF, MER, CommissionRate.of("5")))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot change the commission override of affiliate " + AFF + ": it is banned")
                .expectNoEvents();
    }

    // ---- longer histories are replayed correctly ----

    @Test
    void replaysAFullRoundTripBeforeDecidingTheNextTransition() {
        fixture.given(registered(), new AffiliateApproved(AFF, MER), new AffiliatePaused(AFF, MER),
                        new AffiliateResumed(AFF, MER), new AffiliateSuspended(AFF, MER, "r"),
                        new AffiliateReinstated(AFF, MER))
                .when(new PauseAffiliate(AFF, MER))
                .expectEvents(new AffiliatePaused(AFF, MER))
                .expectResultMessagePayload(PAUSED);
    }

    @Test
    void refusesToResumeAnAffiliateThatWasResumedAlready() {
        fixture.given(historyOf(PAUSED))
                .andGiven(new AffiliateResumed(AFF, MER))
                .when(new ResumeAffiliate(AFF, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage(refusal("resume", ACTIVE, "paused"))
                .expectNoEvents();
    }

    // ---- earning rate ----

    @Nested
    class EarningRate {
        private final CommissionRate programDefault = CommissionRate.of("10");

        private CommissionRate earningRate(String merchantId, List<Object> history) throws Exception {
            fixture.given(history);
            DefaultUnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
            try {
                return fixture.getRepository().load(AFF).invoke(a -> a.earningRate(merchantId, programDefault));
            } finally {
                unitOfWork.rollback();
            }
        }

        @Test
        void anActiveAffiliateWithoutOverrideEarnsTheProgramDefault() throws Exception {
            assertThat(earningRate(MER, historyOf(ACTIVE))).isEqualTo(programDefault);
        }

        @Test
        void anActiveAffiliateEarnsItsRegisteredOverride() throws Exception {
            assertThat(earningRate(MER, List.of(registered("12.5"), new AffiliateApproved(AFF, MER))))
                    .isEqualTo(CommissionRate.of("12.5"));
        }

        @Test
        void anActiveAffiliateEarnsItsLatestOverride() throws Exception {
            assertThat(earningRate(MER, List.of(registered("12.5"), new AffiliateApproved(AFF, MER),
                    new CommissionOverrideChanged(AFF, MER, "20"))))
                    .isEqualTo(CommissionRate.of("20"));
        }

        @Test
        void aClearedOverrideFallsBackToTheProgramDefault() throws Exception {
            assertThat(earningRate(MER, List.of(registered("12.5"), new AffiliateApproved(AFF, MER),
                    new CommissionOverrideChanged(AFF, MER, null))))
                    .isEqualTo(programDefault);
        }

        @Test
        void aZeroOverrideIsKeptRatherThanFallingBackToTheDefault() throws Exception {
            assertThat(earningRate(MER, List.of(registered("0"), new AffiliateApproved(AFF, MER))))
                    .isEqualTo(CommissionRate.of("0"));
        }

        @Test
        void aReinstatedAffiliateEarnsAgain() throws Exception {
            List<Object> history = new ArrayList<>(historyOf(SUSPENDED));
            history.add(new AffiliateReinstated(AFF, MER));
            assertThat(earningRate(MER, history)).isEqualTo(programDefault);
        }

        @ParameterizedTest(name = "a {0} affiliate earns nothing")
        @MethodSource("org.affiliateledger.command.affiliate.AffiliateTest#inactiveStates")
        void refusesToRateAConversionForAnAffiliateThatIsNotActive(AffiliateStatus status) {
            assertThatThrownBy(() -> earningRate(MER, historyOf(status)))
                    .isInstanceOf(StateConflictException.class)
                    .hasMessage("affiliate " + AFF + " is " + status.wireName()
                            + "; conversions can only be recorded for active affiliates");
        }

        @Test
        void hidesAnotherMerchantsAffiliate() {
            assertThatThrownBy(() -> earningRate(OTHER_MER, historyOf(ACTIVE)))
                    .isInstanceOf(NotFoundException.class)
                    .hasMessage("affiliate " + AFF + " not found");
        }
    }

    static Stream<AffiliateStatus> inactiveStates() {
        return Stream.of(PENDING, PAUSED, SUSPENDED, BANNED);
    }
}
