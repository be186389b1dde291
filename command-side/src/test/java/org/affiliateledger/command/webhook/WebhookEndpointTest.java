package org.affiliateledger.command.webhook;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The endpoint's settings: a PATCH changes only what it gives; disabling, enabling and deleting keep why and when. */
class WebhookEndpointTest {
    private static final Instant CREATED = Instant.parse("2026-01-31T10:00:00Z");
    private static final Instant LATER = CREATED.plusSeconds(60);

    private final WebhookEndpoint endpoint = new WebhookEndpoint("whe_1", "mer_1", "https://a.example/hook", "orders",
            List.of("commission.created"), true, CREATED);

    @Test
    void aNewEndpointIsInsertedUntilItHasBeenStored() {
        assertThat(endpoint.isNew()).isTrue();
        endpoint.stored();
        assertThat(endpoint.isNew()).isFalse();
        assertThat(endpoint.getId()).isEqualTo("whe_1");
        assertThat(endpoint.merchantId()).isEqualTo("mer_1");
        assertThat(endpoint.enabled()).isTrue();
        assertThat(endpoint.deleted()).isFalse();
        assertThat(endpoint).extracting("createdAt", "updatedAt").containsExactly(CREATED, CREATED);
    }

    @Test
    void aChangeWithNothingGivenKeepsEverySettingButNotesWhen() {
        endpoint.change(null, null, null, LATER);
        assertThat(endpoint).extracting("url", "description", "updatedAt")
                .containsExactly("https://a.example/hook", "orders", LATER);
        assertThat(endpoint).extracting("eventTypes").isEqualTo(new String[]{"commission.created"});
    }

    @Test
    void aChangeReplacesWhatItGives() {
        endpoint.change("https://b.example/hook", "payouts", List.of("payout.paid", "payout.failed"), LATER);
        assertThat(endpoint).extracting("url", "description").containsExactly("https://b.example/hook", "payouts");
        assertThat(endpoint).extracting("eventTypes").isEqualTo(new String[]{"payout.paid", "payout.failed"});
    }

    @Test
    void disablingAnEnabledEndpointKeepsWhyAndWhenAndSaysItWasEnabled() {
        assertThat(endpoint.disable(WebhookEndpointLifecycle.DISABLED_BY_MERCHANT, LATER)).isTrue();
        assertThat(endpoint.enabled()).isFalse();
        assertThat(endpoint).extracting("disabledReason", "disabledAt", "updatedAt")
                .containsExactly(WebhookEndpointLifecycle.DISABLED_BY_MERCHANT, LATER, LATER);
    }

    @Test
    void disablingADisabledEndpointKeepsTheFirstReason() {
        endpoint.disable("the endpoint answered 410 Gone", CREATED);
        assertThat(endpoint.disable(WebhookEndpointLifecycle.DISABLED_BY_MERCHANT, LATER)).isFalse();
        assertThat(endpoint).extracting("disabledReason", "disabledAt")
                .containsExactly("the endpoint answered 410 Gone", CREATED);
    }

    @Test
    void enablingClearsWhyItWasDisabled() {
        endpoint.disable(WebhookEndpointLifecycle.DISABLED_BY_MERCHANT, LATER);
        endpoint.enable(LATER.plusSeconds(1));
        assertThat(endpoint.enabled()).isTrue();
        assertThat(endpoint).extracting("disabledReason", "disabledAt", "updatedAt").containsExactly(null, null, LATER.plusSeconds(1));
    }

    @Test
    void aDeletedEndpointIsDisabledAndKeptWithWhen() {
        endpoint.delete(LATER);
        assertThat(endpoint.deleted()).isTrue();
        assertThat(endpoint.enabled()).isFalse();
        assertThat(endpoint).extracting("disabledReason", "deletedAt", "updatedAt")
                .containsExactly(WebhookEndpoint.DELETED, LATER, LATER);
    }
}
