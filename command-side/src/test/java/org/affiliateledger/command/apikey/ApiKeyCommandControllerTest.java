package org.affiliateledger.command.apikey;

import org.affiliateledger.command.apikey.ApiKeyCommandController.ChangeRequest;
import org.affiliateledger.command.apikey.ApiKeyCommandController.IssueRequest;
import org.affiliateledger.command.apikey.ApiKeyCommandController.IssuedKey;
import org.affiliateledger.command.apikey.ApiKeyCommandController.Limits;
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.apikey.ChangeApiKeyLimits;
import org.affiliateledger.events.apikey.RateLimits;
import org.affiliateledger.events.apikey.RevokeApiKey;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.springframework.http.ResponseEntity;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** The key writes: issue (with its Location), limits merged field by field within [1, 10⁹], revoke; a malformed id is a 404. */
class ApiKeyCommandControllerTest {
    private final CommandGateway commands = mock(CommandGateway.class);
    private final ApiKeyIssuing issuing = mock(ApiKeyIssuing.class);
    private final ApiKeyCommandController controller = new ApiKeyCommandController(commands, issuing);
    private final ApiCaller caller = new ApiCaller("key_admin", "mer_1", Set.of("admin"));
    private final String id = Ids.API_KEY.next();
    private final ApiKeyView view = new ApiKeyView(id, "n", "alk_12345678", List.of("read"), new ApiKeyView.Limits(5, 6), "t",
            null, null);

    private static LimitsPatch patch(Integer read, Integer write) {
        return new LimitsPatch(false, read == null ? null : new LimitsPatch.Limit(read),
                write == null ? null : new LimitsPatch.Limit(write));
    }

    @Test
    void anIssuedKeyIsCreatedAtItsOwnUrlByTheCallingKey() {
        IssueRequest request = new IssueRequest("n", List.of("read"), null);
        IssuedKey issued = new IssuedKey(id, "n", "alk_secret", "alk_secr", List.of("read"), new ApiKeyView.Limits(null, null), "t");
        when(issuing.issue("mer_1", request, "key_admin")).thenReturn(issued);
        ResponseEntity<IssuedKey> response = controller.issue(caller, request);
        assertThat(response.getStatusCode().value()).isEqualTo(201);
        assertThat(response.getHeaders().getLocation()).hasToString("/api/v1/api-keys/" + id);
        assertThat(response.getBody()).isSameAs(issued);
    }

    @Test
    void aLimitGivenIsChangedAndTheOtherKept() {
        when(issuing.find("mer_1", id)).thenReturn(view);
        assertThat(controller.changeLimits(caller, id, new ChangeRequest(patch(600, null)))).isSameAs(view);
        verify(commands).sendAndWait(new ChangeApiKeyLimits(id, "mer_1", new RateLimits(600, null), "key_admin", true, false));
    }

    @Test
    void theWriteLimitAloneIsChangedAndTheReadKept() {
        controller.changeLimits(caller, id, new ChangeRequest(patch(null, 30)));
        verify(commands).sendAndWait(new ChangeApiKeyLimits(id, "mer_1", new RateLimits(null, 30), "key_admin", false, true));
    }

    @Test
    void aLimitSetToNullGoesBackToTheDefault() {
        controller.changeLimits(caller, id, new ChangeRequest(new LimitsPatch(false, new LimitsPatch.Limit(null), null)));
        verify(commands).sendAndWait(new ChangeApiKeyLimits(id, "mer_1", new RateLimits(null, null), "key_admin", true, false));
    }

    @Test
    void rateLimitsNullResetsBoth() {
        controller.changeLimits(caller, id, new ChangeRequest(new LimitsPatch(true, null, null)));
        verify(commands).sendAndWait(new ChangeApiKeyLimits(id, "mer_1", new RateLimits(null, null), "key_admin", true, true));
    }

    @Test
    void noRateLimitsChangesNothingAndAnswersTheKey() {
        when(issuing.find("mer_1", id)).thenReturn(view);
        assertThat(controller.changeLimits(caller, id, new ChangeRequest(null))).isSameAs(view);
        verifyNoInteractions(commands);
    }

    @Test
    void oneAndABillionPerMinuteAreTheEdgesOfALimit() {
        controller.changeLimits(caller, id, new ChangeRequest(patch(1, 1_000_000_000)));
        verify(commands).sendAndWait(new ChangeApiKeyLimits(id, "mer_1", new RateLimits(1, 1_000_000_000), "key_admin",
                true, true));
    }

    @Test
    void zeroOrMoreThanABillionPerMinuteIsRefused() {
        assertThatThrownBy(() -> controller.changeLimits(caller, id, new ChangeRequest(patch(0, null))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> controller.changeLimits(caller, id, new ChangeRequest(patch(null, 1_000_000_001))))
                .isInstanceOf(InvalidRequestException.class).hasMessageContaining("between 1 and 1000000000");
        verifyNoInteractions(commands);
    }

    @Test
    void aKeyIsRevokedByTheCallingKey() {
        controller.revoke(caller, id);
        verify(commands).sendAndWait(new RevokeApiKey(id, "mer_1", "key_admin"));
    }

    @Test
    void aMalformedKeyIdIsNotFoundBeforeAnyCommand() {
        assertThatThrownBy(() -> controller.revoke(caller, "key_nope")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> controller.changeLimits(caller, "nope", new ChangeRequest(patch(5, 5))))
                .isInstanceOf(NotFoundException.class);
        verifyNoInteractions(commands, issuing);
    }

    @Test
    void theRequestLimitsBecomeTheDomainsLimits() {
        assertThat(new Limits(7, null).toDomain()).isEqualTo(new RateLimits(7, null));
        verify(commands, org.mockito.Mockito.never()).sendAndWait(any());
    }
}
