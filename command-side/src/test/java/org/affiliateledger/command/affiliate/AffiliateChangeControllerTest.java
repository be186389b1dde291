package org.affiliateledger.command.affiliate;

import org.affiliateledger.command.affiliate.AffiliateChangeController.ChangeRequest;
import org.affiliateledger.command.affiliate.AffiliateChangeController.ChangedAffiliate;
import org.affiliateledger.events.affiliate.AffiliateDetails;
import org.affiliateledger.events.affiliate.AffiliateStatus;
import org.affiliateledger.events.affiliate.ChangeCommissionOverride;
import org.affiliateledger.events.affiliate.UpdateAffiliate;
import org.affiliateledger.events.affiliate.UpdateAffiliate.OverrideChange;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;

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

/** {@code PATCH /api/v1/affiliates/{id}}: what may change (name, email, override, in either dialect) and what may not. */
class AffiliateChangeControllerTest {
    private static final String MER = "mer_1";
    private static final String AFF = "aff_01hzy8xv4q6n2r5t7w9y1b3d5f";
    private static final ApiCaller CALLER = new ApiCaller("key_1", MER, Set.of("write"));
    private static final Instant REGISTERED = Instant.parse("2026-01-01T09:00:00Z");
    private static final JsonNode GIVEN = JsonNodeFactory.instance.textNode("x");

    private final CommandGateway commands = mock(CommandGateway.class);
    private final AffiliateChangeController controller = new AffiliateChangeController(commands);

    @BeforeEach
    void theAffiliateAfterTheChange() {
        when(commands.sendAndWait(any())).thenReturn(new AffiliateDetails(AFF, "Jane", "jane@example.com", "jane",
                AffiliateStatus.ACTIVE, "15", REGISTERED, REGISTERED.plusSeconds(60), "aff_parent"));
    }

    private static ChangeRequest change(String name, String email, NullableValue.Text override, String displayName,
                                        NullableValue.Fraction fraction) {
        return new ChangeRequest(name, email, override, displayName, fraction, null, null, null, null, null);
    }

    private static String code(Throwable refusal) {
        return ((LedgerException) refusal).code();
    }

    @Test
    void changesTheNameEmailAndOverrideGivenAndAnswersTheAffiliate() {
        ChangedAffiliate answer = controller.update(CALLER, AFF, change("Jane", " jane@example.com ",
                new NullableValue.Text("15"), null, null));
        verify(commands).sendAndWait(new UpdateAffiliate(AFF, MER, "Jane", "jane@example.com",
                new OverrideChange(CommissionRate.of("15"))));
        assertThat(answer).isEqualTo(new ChangedAffiliate(AFF, "Jane", "jane@example.com", "jane", "active", "15",
                "2026-01-01T09:00:00.000Z", "2026-01-01T09:01:00.000Z", "aff_parent"));
    }

    @Test
    void aNullOverrideRemovesIt() {
        controller.update(CALLER, AFF, change(null, null, new NullableValue.Text(null), null, null));
        verify(commands).sendAndWait(new UpdateAffiliate(AFF, MER, null, null, new OverrideChange(null)));
    }

    @Test
    void noOverrideFieldLeavesTheOverrideAlone() {
        controller.update(CALLER, AFF, change("Jane", null, null, null, null));
        verify(commands).sendAndWait(new UpdateAffiliate(AFF, MER, "Jane", null, null));
    }

    @Test
    void theCobalzSpellingsChangeTheSameFields() {
        controller.update(CALLER, AFF, change(null, null, null, "Jane C", new NullableValue.Fraction(new BigDecimal("0.2"))));
        verify(commands).sendAndWait(new UpdateAffiliate(AFF, MER, "Jane C", null, new OverrideChange(CommissionRate.of("20"))));
    }

    @Test
    void aNullFractionRemovesTheOverride() {
        controller.update(CALLER, AFF, change(null, null, null, null, new NullableValue.Fraction(null)));
        verify(commands).sendAndWait(new UpdateAffiliate(AFF, MER, null, null, new OverrideChange(null)));
    }

    @Test
    void bothSpellingsOfTheOverrideAreRefused() {
        assertThatThrownBy(() -> controller.update(CALLER, AFF, change(null, null, new NullableValue.Text("15"), null,
                new NullableValue.Fraction(BigDecimal.ONE))))
                .satisfies(e -> assertThat(code(e)).isEqualTo("conflicting_fields"));
        verifyNoInteractions(commands);
    }

    @Test
    void aBlankNameOrEmailIsRefusedNamingTheField() {
        assertThatThrownBy(() -> controller.update(CALLER, AFF, change(" ", null, null, null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("name must not be blank");
        assertThatThrownBy(() -> controller.update(CALLER, AFF, change(null, null, null, " ", null)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("display_name must not be blank");
        assertThatThrownBy(() -> controller.update(CALLER, AFF, change(null, " ", null, null, null)))
                .isInstanceOf(InvalidRequestException.class).hasMessage("email must not be blank");
        verifyNoInteractions(commands);
    }

    @Test
    void theShortCodeStatusAndParentCannotChangeAndSaySo() {
        assertThatThrownBy(() -> controller.update(CALLER, AFF, new ChangeRequest("Jane", null, null, null, null, GIVEN, null, null, null, null)))
                .hasMessageStartingWith("short_code")
                .satisfies(e -> assertThat(code(e)).isEqualTo("field_not_changeable"));
        assertThatThrownBy(() -> controller.update(CALLER, AFF, new ChangeRequest("Jane", null, null, null, null, null, GIVEN, null, null, null)))
                .hasMessageStartingWith("slug")
                .satisfies(e -> assertThat(code(e)).isEqualTo("field_not_changeable"));
        assertThatThrownBy(() -> controller.update(CALLER, AFF, new ChangeRequest("Jane", null, null, null, null, null, null, GIVEN, null, null)))
                .hasMessageContaining("/approve")
                .satisfies(e -> assertThat(code(e)).isEqualTo("field_not_changeable"));
        assertThatThrownBy(() -> controller.update(CALLER, AFF, new ChangeRequest("Jane", null, null, null, null, null, null, null, GIVEN, null)))
                .hasMessageStartingWith("parent_id")
                .satisfies(e -> assertThat(code(e)).isEqualTo("field_not_changeable"));
        assertThatThrownBy(() -> controller.update(CALLER, AFF, new ChangeRequest("Jane", null, null, null, null, null, null, null, null, GIVEN)))
                .hasMessageStartingWith("parent_email")
                .satisfies(e -> assertThat(code(e)).isEqualTo("field_not_changeable"));
        verifyNoInteractions(commands);
    }

    @Test
    void theDashboardsOverrideFormSetsOrRemovesTheOverrideAlone() {
        controller.changeOverride(CALLER, AFF, "12.5");
        verify(commands).sendAndWait(new ChangeCommissionOverride(AFF, MER, CommissionRate.of("12.5")));
        controller.changeOverride(CALLER, AFF, null);
        verify(commands).sendAndWait(new ChangeCommissionOverride(AFF, MER, null));
        assertThatThrownBy(() -> controller.changeOverride(CALLER, "com_1", "5")).isInstanceOf(NotFoundException.class);
    }

    @Test
    void somethingThatIsNotAnAffiliateIdIsNotFound() {
        assertThatThrownBy(() -> controller.update(CALLER, "pay_1", change("Jane", null, null, null, null)))
                .isInstanceOf(NotFoundException.class);
        verifyNoInteractions(commands);
    }
}
