package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.affiliate.AffiliateCommandController.RegisterRequest;
import org.affiliateledger.command.affiliate.AffiliateCommandController.RegisteredAffiliate;
import org.affiliateledger.command.affiliate.AffiliateCommandController.Transition;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.affiliate.ApproveAffiliate;
import org.affiliateledger.events.affiliate.BanAffiliate;
import org.affiliateledger.events.affiliate.PauseAffiliate;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.affiliate.RegistrationReceipt;
import org.affiliateledger.events.affiliate.ReinstateAffiliate;
import org.affiliateledger.events.affiliate.ResumeAffiliate;
import org.affiliateledger.events.affiliate.SuspendAffiliate;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.http.ResponseEntity;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** Registering and moving an affiliate through its lifecycle over HTTP: which command each request becomes, in both dialects. */
class AffiliateCommandControllerTest {
    private static final String MER = "mer_1";
    private static final String AFF = "aff_01hzy8xv4q6n2r5t7w9y1b3d5f";
    private static final ApiCaller CALLER = new ApiCaller("key_1", MER, Set.of("write"));
    private static final Instant ACTIVATED = Instant.parse("2026-03-01T10:00:00Z");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final AffiliateCommandController controller = new AffiliateCommandController(commands);

    private static RegisterRequest request(String name, String shortCode, String override, String status, String displayName,
                                           String slug, BigDecimal fraction, String parentEmail, String parentId) {
        return new RegisterRequest(name, " jane@example.com ", shortCode, override, status, displayName, slug, fraction,
                parentEmail, parentId);
    }

    private RegisterAffiliate sent() {
        ArgumentCaptor<Object> command = ArgumentCaptor.forClass(Object.class);
        verify(commands).sendAndWait(command.capture());
        return (RegisterAffiliate) command.getValue();
    }

    private static String code(Throwable refusal) {
        return ((LedgerException) refusal).code();
    }

    @Test
    void registersAPendingAffiliateAndAnswersWhereItLives() {
        when(commands.sendAndWait(any())).thenReturn(new RegistrationReceipt(AFF, null, null));

        ResponseEntity<RegisteredAffiliate> answer = controller.register(CALLER,
                request(" Jane Smith ", "jane", null, null, null, null, null, null, null));

        RegisterAffiliate command = sent();
        assertThat(command.merchantId()).isEqualTo(MER);
        assertThat(command.affiliateId()).startsWith("aff_");
        assertThat(command.name()).isEqualTo("Jane Smith");
        assertThat(command.email()).isEqualTo("jane@example.com");
        assertThat(command.shortCode()).isEqualTo("jane");
        assertThat(command.commissionOverride()).isNull();
        assertThat(command.activate()).isFalse();
        assertThat(command.parentId()).isNull();
        assertThat(answer.getStatusCode().value()).isEqualTo(201);
        assertThat(answer.getHeaders().getLocation()).hasToString("/api/v1/affiliates/" + command.affiliateId());
        RegisteredAffiliate body = answer.getBody();
        assertThat(body.id()).isEqualTo(command.affiliateId());
        assertThat(body.name()).isEqualTo("Jane Smith");
        assertThat(body.email()).isEqualTo("jane@example.com");
        assertThat(body.status()).isEqualTo("pending");
        assertThat(body.activatedAt()).isNull();
        assertThat(body.createdAt()).isNotNull();
        assertThat(Instant.parse(body.createdAt())).isEqualTo(command.registeredAt());
    }

    @Test
    void anActiveRegistrationIsApprovedAtOnceAndSaysWhen() {
        when(commands.sendAndWait(any())).thenReturn(new RegistrationReceipt(AFF, "aff_parent", ACTIVATED));
        RegisteredAffiliate body = controller.register(CALLER,
                request("Jane", null, "15", "active", null, null, null, null, " aff_parent ")).getBody();
        RegisterAffiliate command = sent();
        assertThat(command.activate()).isTrue();
        assertThat(command.commissionOverride()).isEqualTo(CommissionRate.of("15"));
        assertThat(command.parentId()).isEqualTo("aff_parent");
        assertThat(body.status()).isEqualTo("active");
        assertThat(body.commissionOverride()).isEqualTo("15");
        assertThat(body.activatedAt()).isEqualTo("2026-03-01T10:00:00.000Z");
        assertThat(body.parentId()).isEqualTo("aff_parent");
    }

    @Test
    void theCobalzBodyRegistersTheSameAffiliate() {
        when(commands.sendAndWait(any())).thenReturn(new RegistrationReceipt(AFF, null, ACTIVATED));
        RegisteredAffiliate body = controller.register(CALLER, request(null, null, null, "approved", "Alice Chen", "alice-chen",
                new BigDecimal("0.125"), "bob@example.com", null)).getBody();
        RegisterAffiliate command = sent();
        assertThat(command.name()).isEqualTo("Alice Chen");
        assertThat(command.shortCode()).isEqualTo("alice-chen");
        assertThat(command.commissionOverride()).isEqualTo(CommissionRate.of("12.5"));
        assertThat(command.activate()).isTrue();
        assertThat(command.parentEmail()).isEqualTo("bob@example.com");
        assertThat(body.status()).isEqualTo("active");
    }

    @Test
    void aShortCodeIsMadeFromTheNameWhenNoneIsGiven() {
        when(commands.sendAndWait(any())).thenReturn(new RegistrationReceipt(AFF, null, null));
        controller.register(CALLER, request("Jane Smith", null, null, null, null, null, null, null, null));
        assertThat(sent().shortCode()).matches("jane-smith-[a-z2-9]{4}");
    }

    @Test
    void bothSpellingsOfOneFieldAreRefused() {
        assertThatThrownBy(() -> controller.register(CALLER, request("Jane", null, null, null, "Jane", null, null, null, null)))
                .hasMessage("give name or display_name, not both")
                .satisfies(e -> assertThat(code(e)).isEqualTo("conflicting_fields"));
        assertThatThrownBy(() -> controller.register(CALLER, request("Jane", "jane", null, null, null, "jane", null, null, null)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("conflicting_fields"));
        assertThatThrownBy(() -> controller.register(CALLER, request("Jane", null, "10", null, null, null, BigDecimal.ONE, null, null)))
                .satisfies(e -> assertThat(code(e)).isEqualTo("conflicting_fields"));
        assertThatThrownBy(() -> controller.register(CALLER, request("Jane", null, null, null, null, null, null, "b@example.com", "aff_p")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("conflicting_fields"));
        verifyNoInteractions(commands);
    }

    @Test
    void aBlankOrMissingNameIsRefused() {
        assertThatThrownBy(() -> controller.register(CALLER, request("  ", null, null, null, null, null, null, null, null)))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> controller.register(CALLER, request(null, null, null, null, null, null, null, null, null)))
                .isInstanceOf(InvalidRequestException.class);
        verifyNoInteractions(commands);
    }

    @Test
    void aFractionOfOneIsAPercent() {
        assertThat(AffiliateRequests.fromFraction(new BigDecimal("0.2"))).isEqualTo(CommissionRate.of("20"));
        assertThat(AffiliateRequests.fromFraction(BigDecimal.ZERO)).isEqualTo(CommissionRate.of("0"));
        assertThat(AffiliateRequests.fromFraction(BigDecimal.ONE)).isEqualTo(CommissionRate.of("100"));
        assertThat(AffiliateRequests.fromFraction(new BigDecimal("0.123456"))).isEqualTo(CommissionRate.of("12.3456"));
    }

    @Test
    void aFractionOutsideZeroToOneOrFinerThanSixDecimalsIsRefused() {
        assertThatThrownBy(() -> AffiliateRequests.fromFraction(new BigDecimal("-0.01"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AffiliateRequests.fromFraction(new BigDecimal("1.01"))).isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> AffiliateRequests.fromFraction(new BigDecimal("0.1234567")))
                .hasMessageContaining("more than six decimals");
    }

    @Test
    void eachTransitionSendsItsCommandForTheCallersMerchant() {
        when(commands.sendAndWait(any())).thenReturn(AffiliateStatus.ACTIVE);
        assertThat(controller.approve(CALLER, AFF)).isEqualTo(new Transition(AFF, "active"));
        verify(commands).sendAndWait(new ApproveAffiliate(AFF, MER));
        assertThat(controller.pause(CALLER, AFF)).isEqualTo(new Transition(AFF, "active"));
        verify(commands).sendAndWait(new PauseAffiliate(AFF, MER));
        assertThat(controller.resume(CALLER, AFF)).isEqualTo(new Transition(AFF, "active"));
        verify(commands).sendAndWait(new ResumeAffiliate(AFF, MER));
        assertThat(controller.reinstate(CALLER, AFF)).isEqualTo(new Transition(AFF, "active"));
        verify(commands).sendAndWait(new ReinstateAffiliate(AFF, MER));
    }

    @Test
    void suspendingAndBanningKeepTheReasonGivenOrNone() {
        when(commands.sendAndWait(any())).thenReturn(AffiliateStatus.SUSPENDED, AffiliateStatus.BANNED, AffiliateStatus.BANNED);
        assertThat(controller.suspend(CALLER, AFF, new AffiliateCommandController.ReasonRequest("review")))
                .isEqualTo(new Transition(AFF, "suspended"));
        verify(commands).sendAndWait(new SuspendAffiliate(AFF, MER, "review"));
        assertThat(controller.ban(CALLER, AFF, new AffiliateCommandController.ReasonRequest("fraud")).status()).isEqualTo("banned");
        verify(commands).sendAndWait(new BanAffiliate(AFF, MER, "fraud"));
        controller.ban(CALLER, AFF, null);
        verify(commands).sendAndWait(new BanAffiliate(AFF, MER, null));
    }

    @Test
    void somethingThatIsNotAnAffiliateIdIsNotFound() {
        assertThatThrownBy(() -> controller.approve(CALLER, "cnv_1")).isInstanceOf(NotFoundException.class);
        verifyNoInteractions(commands);
    }
}
