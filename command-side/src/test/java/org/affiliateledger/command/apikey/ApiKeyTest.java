package org.affiliateledger.command.apikey;

import org.affiliateledger.events.apikey.ApiKeyIssued;
import org.affiliateledger.events.apikey.ApiKeyRevoked;
import org.affiliateledger.events.apikey.IssueApiKey;
import org.affiliateledger.events.apikey.RevokeApiKey;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.StateConflictException;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.axonframework.test.aggregate.FixtureConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

class ApiKeyTest {
    private static final String KEY = "key_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String MER = "mer_01hx5m3k8q9v7w2r4t6y0z1a2b";
    private static final String OTHER_MER = "mer_01hx5m3k8q9v7w2r4t6y0z9999";
    private static final String HASH = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private FixtureConfiguration<ApiKey> fixture;

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(ApiKey.class);
    }

    private static ApiKeyIssued issued() {
        return new ApiKeyIssued(KEY, MER, "ci", "al_live_ab12", HASH, List.of("conversions:write", "affiliates:read"));
    }

    @Test
    void issuesAKeyRecordingOnlyTheHashOfItsSecret() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, MER, "ci", "al_live_ab12", HASH, List.of("conversions:write", "affiliates:read")))
                .expectSuccessfulHandlerExecution()
                .expectEvents(issued());
    }

    @Test
    void issuesAFullAccessKey() {
        fixture.givenNoPriorActivity()
                .when(new IssueApiKey(KEY, MER, "default", "al_live_zz99", HASH, List.of("*")))
                .expectEvents(new ApiKeyIssued(KEY, MER, "default", "al_live_zz99", HASH, List.of("*")));
    }

    @Test
    void revokesAnIssuedKey() {
        fixture.given(issued())
                .when(new RevokeApiKey(KEY, MER))
                .expectSuccessfulHandlerExecution()
                .expectEvents(new ApiKeyRevoked(KEY, MER))
                .expectResultMessagePayload(null);
    }

    @Test
    void refusesToRevokeAKeyTwice() {
        fixture.given(issued(), new ApiKeyRevoked(KEY, MER))
                .when(new RevokeApiKey(KEY, MER))
                .expectException(StateConflictException.class)
                .expectExceptionMessage("API key " + KEY + " is already revoked")
                .expectNoEvents();
    }

    @Test
    void hidesAnotherMerchantsKey() {
        fixture.given(issued())
                .when(new RevokeApiKey(KEY, OTHER_MER))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("API key " + KEY + " not found")
                .expectNoEvents();
    }

    @Test
    void hidesAnotherMerchantsRevokedKeyRatherThanRevealingItIsRevoked() {
        fixture.given(issued(), new ApiKeyRevoked(KEY, MER))
                .when(new RevokeApiKey(KEY, OTHER_MER))
                .expectException(NotFoundException.class)
                .expectExceptionMessage("API key " + KEY + " not found")
                .expectNoEvents();
    }
}
