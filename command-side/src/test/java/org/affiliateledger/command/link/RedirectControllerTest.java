package org.affiliateledger.command.link;

import org.affiliateledger.command.support.CommandSettings;
import org.affiliateledger.events.common.NotFoundException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * {@code GET /r/…}: a click on an active affiliate's link records a session and redirects with {@code ref} and
 * {@code aff_sess}; anything else redirects without attribution, or is a 404 when there is nowhere to go.
 */
class RedirectControllerTest {
    private static final String MER = "mer_01hzy8xv4q6n2r5t7w9y1b3d5f";
    private static final String OTHER = "mer_01hzy8xv4q6n2r5t7w9y1b3d5g";
    private static final String LANDING = "https://shop.example/pricing";

    private final AffiliateLinks links = mock(AffiliateLinks.class);
    private final ClickSessions sessions = mock(ClickSessions.class);
    private final MockHttpServletRequest request = new MockHttpServletRequest("GET", "/r/jane");

    private RedirectController controller(String defaultMerchant) {
        return new RedirectController(links, sessions, new CommandSettings(
                new CommandSettings.Commissions(java.time.Duration.ofDays(1)), new CommandSettings.Links(defaultMerchant),
                new CommandSettings.StripeApi("http://stripe.test")));
    }

    private static AffiliateLinks.Target target(String merchantId, String affiliateId) {
        return new AffiliateLinks.Target(merchantId, LANDING, 30, affiliateId, "jane");
    }

    private static String location(ResponseEntity<Void> answer) {
        return answer.getHeaders().getFirst(HttpHeaders.LOCATION);
    }

    @Test
    void aClickOnAnActiveAffiliatesLinkRecordsASessionAndCarriesIt() {
        request.addHeader(HttpHeaders.REFERER, "https://blog.example/post");
        request.addHeader(HttpHeaders.USER_AGENT, "Browser/1");
        when(links.resolve(MER, "jane")).thenReturn(Optional.of(target(MER, "aff_1")));
        when(sessions.record(eq(target(MER, "aff_1")), any(), eq("https://blog.example/post"), eq("Browser/1"))).thenReturn("ses_1");

        ResponseEntity<Void> answer = controller("").follow(MER, "jane", request);

        assertThat(answer.getStatusCode().value()).isEqualTo(302);
        assertThat(location(answer)).isEqualTo(LANDING + "?ref=jane&aff_sess=ses_1");
        assertThat(answer.getHeaders().getCacheControl()).isEqualTo("no-store");
    }

    @Test
    void aCodeNamingNoActiveAffiliateRedirectsWithoutAttribution() {
        when(links.resolve(MER, "gone")).thenReturn(Optional.of(target(MER, null)));
        assertThat(location(controller("").follow(MER, "gone", request))).isEqualTo(LANDING);
        verifyNoInteractions(sessions);
    }

    @Test
    void aHeadRequestIsNoClick() {
        MockHttpServletRequest head = new MockHttpServletRequest("HEAD", "/r/jane");
        when(links.resolve(MER, "jane")).thenReturn(Optional.of(target(MER, "aff_1")));
        assertThat(location(controller("").follow(MER, "jane", head))).isEqualTo(LANDING);
        verifyNoInteractions(sessions);
    }

    @Test
    void aProgramWithoutALandingUrlIsNotFound() {
        when(links.resolve(MER, "jane")).thenReturn(Optional.of(new AffiliateLinks.Target(MER, null, 30, "aff_1", "jane")));
        assertThatThrownBy(() -> controller("").follow(MER, "jane", request))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("landing_url");
        verifyNoInteractions(sessions);
    }

    @Test
    void anUnknownProgramOrSomethingThatIsNotAMerchantIdIsNotFound() {
        when(links.resolve(MER, "jane")).thenReturn(Optional.empty());
        assertThatThrownBy(() -> controller("").follow(MER, "jane", request)).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> controller("").follow("aff_1", "jane", request)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theShortFormFindsTheOneProgramUsingTheCode() {
        when(links.merchantsUsing("jane")).thenReturn(List.of(MER));
        when(links.resolve(MER, "jane")).thenReturn(Optional.of(target(MER, "aff_1")));
        when(sessions.record(any(), any(), any(), any())).thenReturn("ses_1");
        assertThat(location(controller("").followShort("jane", request))).isEqualTo(LANDING + "?ref=jane&aff_sess=ses_1");
    }

    @Test
    void theShortFormOfACodeNoProgramUsesIsNotFound() {
        when(links.merchantsUsing("nobody")).thenReturn(List.of());
        assertThatThrownBy(() -> controller("").followShort("nobody", request))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("no program uses the short code \"nobody\"");
    }

    @Test
    void theShortFormOfACodeSeveralProgramsUseIsNotFound() {
        when(links.merchantsUsing("jane")).thenReturn(List.of(MER, OTHER));
        assertThatThrownBy(() -> controller("").followShort("jane", request))
                .isInstanceOf(NotFoundException.class).hasMessageContaining("several programs");
        verifyNoInteractions(sessions);
    }

    @Test
    void theShortFormOfACodeWhoseProgramIsGoneIsNotFound() {
        when(links.merchantsUsing("jane")).thenReturn(List.of(MER));
        when(links.resolve(MER, "jane")).thenReturn(Optional.empty());
        assertThatThrownBy(() -> controller("").followShort("jane", request)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theInstallationsOwnProgramWinsAndSendsItsUnknownCodesToItsLandingPage() {
        when(links.merchantsUsing("nobody")).thenReturn(List.of());
        when(links.resolve(MER, "nobody")).thenReturn(Optional.of(new AffiliateLinks.Target(MER, LANDING, 30, null, "nobody")));
        assertThat(location(controller(MER).followShort("nobody", request))).isEqualTo(LANDING);

        when(links.merchantsUsing("jane")).thenReturn(List.of(MER, OTHER));
        when(links.resolve(MER, "jane")).thenReturn(Optional.of(target(MER, "aff_1")));
        when(sessions.record(any(), any(), any(), any())).thenReturn("ses_2");
        assertThat(location(controller(MER).followShort("jane", request))).endsWith("aff_sess=ses_2");
    }

    @Test
    void aCodeOnlyAnotherProgramUsesIsThatProgramsEvenWithADefaultProgram() {
        when(links.merchantsUsing("jane")).thenReturn(List.of(OTHER));
        when(links.resolve(OTHER, "jane")).thenReturn(Optional.of(target(OTHER, "aff_9")));
        when(sessions.record(any(), any(), any(), any())).thenReturn("ses_3");
        assertThat(location(controller(MER).followShort("jane", request))).isEqualTo(LANDING + "?ref=jane&aff_sess=ses_3");
        verify(links, never()).resolve(eq(MER), any());
    }

    @Test
    void theDefaultProgramWithoutALandingUrlIsNotFound() {
        when(links.merchantsUsing("jane")).thenReturn(List.of());
        when(links.resolve(MER, "jane")).thenReturn(Optional.empty());
        assertThatThrownBy(() -> controller(MER).followShort("jane", request)).isInstanceOf(NotFoundException.class);
    }

    @Test
    void attributionJoinsTheLandingUrlsOwnQueryAndKeepsItsFragment() {
        assertThat(RedirectController.withAttribution("https://s.example/p", "jane", "ses_1"))
                .isEqualTo("https://s.example/p?ref=jane&aff_sess=ses_1");
        assertThat(RedirectController.withAttribution("https://s.example/p?plan=pro", "jane", "ses_1"))
                .isEqualTo("https://s.example/p?plan=pro&ref=jane&aff_sess=ses_1");
        assertThat(RedirectController.withAttribution("https://s.example/p?", "jane", "ses_1"))
                .isEqualTo("https://s.example/p?ref=jane&aff_sess=ses_1");
        assertThat(RedirectController.withAttribution("https://s.example/p?a=1&", "jane", "ses_1"))
                .isEqualTo("https://s.example/p?a=1&ref=jane&aff_sess=ses_1");
        assertThat(RedirectController.withAttribution("https://s.example/p?a=1#top", "jane", "ses_1"))
                .isEqualTo("https://s.example/p?a=1&ref=jane&aff_sess=ses_1#top");
        assertThat(RedirectController.withAttribution("https://s.example/p", "j&ne", "ses 1"))
                .isEqualTo("https://s.example/p?ref=j%26ne&aff_sess=ses+1");
    }

    @Test
    void aCodeOfSixtyFourCharactersIsQuotedWhole() {
        String code = "x".repeat(64);
        when(links.merchantsUsing(code)).thenReturn(List.of());
        assertThatThrownBy(() -> controller("").followShort(code, request))
                .hasMessageContaining("\"" + code + "\"");
    }

    @Test
    void aVeryLongCodeIsAbbreviatedInTheRefusal() {
        String code = "x".repeat(70);
        when(links.merchantsUsing(code)).thenReturn(List.of());
        assertThatThrownBy(() -> controller("").followShort(code, request))
                .hasMessageContaining("\"" + "x".repeat(64) + "…\"");
    }
}
