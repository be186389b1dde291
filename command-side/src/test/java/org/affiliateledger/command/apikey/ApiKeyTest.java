package org.affiliateledger.command.apikey;

import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.ApiKeyLimitsChanged;
import org.affiliateledger.events.apikey.ApiKeyRevoked;
import org.affiliateledger.events.apikey.ChangeApiKeyLimits;
import org.affiliateledger.events.apikey.IssueApiKey;
import org.affiliateledger.events.apikey.RateLimits;
import org.affiliateledger.events.apikey.RevokeApiKey;
import org.affiliateledger.events.apikey.RevokeApiKeyAmongAdminKeys;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every transition of an API key, given its past events, when a command arrives, then the events it records or its refusal. */
class ApiKeyTest {
    private static final String KEY = "key_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String ADMIN = "key_01hx5m3k8q9v7w2r4t6y0z0000";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final RateLimits TIGHT = new RateLimits(10, 2);

    private FixtureConfiguration<ApiKey> fixture;
    /** The merchant's other active admin keys, as ApiKeyRevocation counts them in the database. */
    private int otherAdminKeys = 1;
    /** The keys the coordinator counted the other admin keys for. */
    private final List<String> countedFor = new ArrayList<>();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
        fixture.registerAnnotatedCommandHandler(new ApiKeyRevocation(fixture.getRepository(), (merchant, key) -> {
            countedFor.add(key);
            return otherAdminKeys;
        }));
    }

    private static ApiKeyIssued adminIssued() {
        return new ApiKeyIssued(KEY, MER, "default", "alk_ab12cd34", HASH, List.of("*"), RateLimits.DEFAULTS, "operator");
    }

    @Test
    void refusesToRevokeTheMerchantsLastAdminKey() {
        otherAdminKeys = 0;
        fixture.given(adminIssued())
                .when(new RevokeApiKey(KEY, MER, KEY))
                .expectException(StateConflictException.class)
                .expectException(org.affiliateledger.command.RefusalCode.is("last_admin_key"))
                .expectExceptionMessage(org.hamcrest.Matchers.startsWith("cannot revoke API key " + KEY
                        + ": it is the merchant's last active admin key"))
                .expectNoEvents();
    }

    @Test
    void revokesAnAdminKeyWhenAnotherOneRemains() {
        otherAdminKeys = 1;
        fixture.given(adminIssued())
                .when(new RevokeApiKey(KEY, MER, ADMIN))
                .expectEvents(new ApiKeyRevoked(KEY, MER, ADMIN));
    }

    @Test
    void revokesTheLastKeyThatIsNotAnAdminKey() {
        otherAdminKeys = 0;
        fixture.given(issued())
                .when(new RevokeApiKey(KEY, MER, ADMIN))
                .expectEvents(new ApiKeyRevoked(KEY, MER, ADMIN));
    }

    @Test
    void changesOnlyTheLimitGivenAndKeepsTheOther() {
        fixture.given(issued(), new ApiKeyLimitsChanged(KEY, MER, TIGHT, ADMIN))
                .when(new ChangeApiKeyLimits(KEY, MER, new RateLimits(600, null), ADMIN, true, false))
                .expectEvents(new ApiKeyLimitsChanged(KEY, MER, new RateLimits(600, 2), ADMIN));
    }

    @Test
    void resetsALimitToTheDefaultWhenGivenNull() {
        fixture.given(issued(), new ApiKeyLimitsChanged(KEY, MER, TIGHT, ADMIN))
                .when(new ChangeApiKeyLimits(KEY, MER, new RateLimits(null, null), ADMIN, false, true))
                .expectEvents(new ApiKeyLimitsChanged(KEY, MER, new RateLimits(10, null), ADMIN));
    }

    private static ApiKeyIssued issued() {
        return new ApiKeyIssued(KEY, MER, "ci", "alk_ab12cd34", HASH, List.of("read", "write"), RateLimits.DEFAULTS, ADMIN);
    }

    @Test
    void issuesAKeyRecordingOnlyItsHashScopesLimitsAndIssuer() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, MER, "ci", "alk_ab12cd34", HASH, List.of("read", "write"), TIGHT, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyIssued(KEY, MER, "ci", "alk_ab12cd34", HASH, List.of("read", "write"), TIGHT, ADMIN));
    }

    @Test
    void revokesAnActiveKeyNamingWhoRevokedIt() {
        fixture.given(issued())
                .when(new RevokeApiKey(KEY, MER, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyRevoked(KEY, MER, ADMIN));
    }

    @Test
    void refusesToRevokeAKeyTwice() {
        fixture.given(issued(), new ApiKeyRevoked(KEY, MER, ADMIN))
                .when(new RevokeApiKey(KEY, MER, ADMIN))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot revoke API key " + KEY + ": it is revoked")
                .expectNoEvents();
    }

    @Test
    void hidesAnotherMerchantsKey() {
        fixture.given(issued())
                .when(new RevokeApiKey(KEY, OTHER_MER, ADMIN))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("API key " + KEY + " not found")
                .expectNoEvents();
    }

    @Test
    void changesTheLimitsOfAnActiveKey() {
        fixture.given(issued())
                .when(new ChangeApiKeyLimits(KEY, MER, TIGHT, ADMIN))
                .expectEvents(new ApiKeyLimitsChanged(KEY, MER, TIGHT, ADMIN));
    }

    @Test
    void recordsNothingWhenTheLimitsAreUnchanged() {
        fixture.given(issued(), new ApiKeyLimitsChanged(KEY, MER, TIGHT, ADMIN))
                .when(new ChangeApiKeyLimits(KEY, MER, new RateLimits(10, 2), ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void refusesToChangeTheLimitsOfARevokedKey() {
        fixture.given(issued(), new ApiKeyRevoked(KEY, MER, ADMIN))
                .when(new ChangeApiKeyLimits(KEY, MER, TIGHT, ADMIN))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("cannot change the limits of API key " + KEY + ": it is revoked")
                .expectNoEvents();
    }

    @Test
    void hidesAnotherMerchantsKeyWhenChangingLimits() {
        fixture.given(issued())
                .when(new ChangeApiKeyLimits(KEY, OTHER_MER, TIGHT, ADMIN))
                .expectException(NotFoundException.class)
                .expectNoEvents();
    }

    @Test
    void limitsSetAtIssueStayWhenTheSameAreSetAgain() {
        fixture.given(new ApiKeyIssued(KEY, MER, "ci", "alk_ab12cd34", HASH, List.of("read"), TIGHT, ADMIN))
                .when(new ChangeApiKeyLimits(KEY, MER, TIGHT, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectNoEvents();
    }

    @Test
    void aKeyIssuedBeforeLimitsExistedHasTheDefaultsAndKeepsTheOneNotChanged() {
        fixture.given(new ApiKeyIssued(KEY, MER, "ci", "alk_ab12cd34", HASH, List.of("read"), null, ADMIN))
                .when(new ChangeApiKeyLimits(KEY, MER, new RateLimits(null, 5), ADMIN, false, true))
                .expectEvents(new ApiKeyLimitsChanged(KEY, MER, new RateLimits(null, 5), ADMIN));
    }

    @Test
    void refusesToIssueAKeyWithAnUnknownScope() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, MER, "ci", "alk_ab12cd34", HASH, List.of("read", "root"), TIGHT, ADMIN))
                .expectException(InvalidRequestException.class)
                .expectExceptionMessage("unknown scope \"root\"; use read, write, admin or *")
                .expectNoEvents();
    }

    @Test
    void issuesAKeyWithEveryKnownScope() {
        List<String> all = List.of("read", "write", "admin", "*");
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, MER, "ci", "alk_ab12cd34", HASH, all, RateLimits.DEFAULTS, ADMIN))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyIssued(KEY, MER, "ci", "alk_ab12cd34", HASH, all, RateLimits.DEFAULTS, ADMIN));
    }

    @Test
    void revokesAnAdminKeyWhenTheCoordinatorCountedAnotherActiveAdminKey() {
        fixture.given(adminIssued())
                .when(new RevokeApiKeyAmongAdminKeys(KEY, MER, ADMIN, 1))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyRevoked(KEY, MER, ADMIN));
    }

    @Test
    void refusesAnAdminKeyWhenTheCoordinatorCountedNoOtherActiveAdminKey() {
        fixture.given(adminIssued())
                .when(new RevokeApiKeyAmongAdminKeys(KEY, MER, ADMIN, 0))
                .expectException(org.affiliateledger.command.RefusalCode.is("last_admin_key"))
                .expectNoEvents();
    }

    @Test
    void revokesAKeyWithTheAdminScopeAloneLikeAFullAccessKey() {
        otherAdminKeys = 0;
        fixture.given(new ApiKeyIssued(KEY, MER, "ops", "alk_ab12cd34", HASH, List.of("admin"), RateLimits.DEFAULTS, ADMIN))
                .when(new RevokeApiKey(KEY, MER, ADMIN))
                .expectException(org.affiliateledger.command.RefusalCode.is("last_admin_key"))
                .expectNoEvents();
    }

    @Test
    void theLastAdminKeyRuleDoesNotConcernAKeyWithoutTheAdminScope() {
        fixture.given(issued())
                .when(new RevokeApiKeyAmongAdminKeys(KEY, MER, ADMIN, 0))
                .expectEvents(new ApiKeyRevoked(KEY, MER, ADMIN));
    }

    @Test
    void theCoordinatorCountsTheOtherAdminKeysForAnActiveAdminKey() {
        fixture.given(adminIssued()).when(new RevokeApiKey(KEY, MER, ADMIN)).expectEvents(new ApiKeyRevoked(KEY, MER, ADMIN));
        assertThat(countedFor).containsExactly(KEY);
    }

    @Test
    void theCoordinatorDoesNotCountForAKeyWithoutTheAdminScope() {
        fixture.given(issued()).when(new RevokeApiKey(KEY, MER, ADMIN)).expectEvents(new ApiKeyRevoked(KEY, MER, ADMIN));
        assertThat(countedFor).isEmpty();
    }

    @Test
    void theCoordinatorDoesNotCountForAnotherMerchantsKey() {
        fixture.given(adminIssued()).when(new RevokeApiKey(KEY, OTHER_MER, ADMIN)).expectException(NotFoundException.class);
        assertThat(countedFor).isEmpty();
    }

    @Test
    void theCoordinatorDoesNotCountForARevokedKey() {
        fixture.given(adminIssued(), new ApiKeyRevoked(KEY, MER, ADMIN)).when(new RevokeApiKey(KEY, MER, ADMIN))
                .expectException(StateConflictException.class);
        assertThat(countedFor).isEmpty();
    }

    @Test
    void answersNotFoundForAKeyThatWasNeverIssued() {
        fixture.givenNoPriorActivity()
                .when(new RevokeApiKey(KEY, MER, ADMIN))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("API key " + KEY + " not found")
                .expectNoEvents();
    }

    @Test
    void refusesToRevokeAKeyTwiceEvenWithAnotherAdminKeyCounted() {
        fixture.given(adminIssued(), new ApiKeyRevoked(KEY, MER, ADMIN))
                .when(new RevokeApiKeyAmongAdminKeys(KEY, MER, ADMIN, 3))
                .expectException(org.affiliateledger.command.RefusalCode.is("api_key_revoked"))
                .expectNoEvents();
    }

    @Test
    void refusesToChangeTheLimitsOfARevokedKeyWithItsOwnCode() {
        fixture.given(issued(), new ApiKeyRevoked(KEY, MER, ADMIN))
                .when(new ChangeApiKeyLimits(KEY, MER, TIGHT, ADMIN))
                .expectException(org.affiliateledger.command.RefusalCode.is("api_key_revoked"))
                .expectNoEvents();
    }
}
