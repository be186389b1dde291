package org.affiliateledger.command.merchant;

import org.affiliateledger.command.merchant.ProgramCommandController.ChangeRequest;
import org.affiliateledger.command.merchant.ProgramCommandController.EventRewardRequest;
import org.affiliateledger.command.merchant.ProgramCommandController.FraudRulesRequest;
import org.affiliateledger.command.merchant.ProgramCommandController.PerformanceTierRequest;
import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.ChangeProgramSettings.SecretChange;
import org.affiliateledger.events.merchant.ChangeProgramSettings.ThresholdChange;
import org.affiliateledger.events.merchant.EventReward;
import org.affiliateledger.events.merchant.FraudRulesChange;
import org.affiliateledger.events.merchant.PerformanceTier;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/** {@code PATCH /api/v1/program}: which settings change (only those given), the secrets sealed before they travel. */
class ProgramCommandControllerTest {
    private static final String MER = "mer_1";
    private static final ApiCaller CALLER = new ApiCaller("key_1", MER, Set.of("admin"));

    private final CommandGateway commands = mock(CommandGateway.class);
    private final MerchantSecrets secrets = mock(MerchantSecrets.class);
    private final ProgramCommandController controller = new ProgramCommandController(commands, secrets);

    private static ChangeRequest request(String currency, String defaultRate, Integer holdDays, String webhookSecret,
                                         String apiKey, List<String> mlm, Map<String, EventRewardRequest> rewards,
                                         NullableCents threshold, FraudRulesRequest fraud, List<PerformanceTierRequest> tiers) {
        return new ChangeRequest(currency, defaultRate, holdDays, webhookSecret, apiKey, mlm, rewards, "https://shop.example",
                14, 5_000L, threshold, fraud, tiers);
    }

    private static ChangeRequest nothing() {
        return new ChangeRequest(null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    private ChangeProgramSettings sent() {
        ArgumentCaptor<Object> command = ArgumentCaptor.forClass(Object.class);
        verify(commands).sendAndWait(command.capture());
        return (ChangeProgramSettings) command.getValue();
    }

    private static String code(Throwable refusal) {
        return ((LedgerException) refusal).code();
    }

    @Test
    void anEmptyChangeChangesNothingAndAnswersTheSettings() {
        org.affiliateledger.events.merchant.ProgramSettings settings = mock(org.affiliateledger.events.merchant.ProgramSettings.class);
        when(commands.sendAndWait(org.mockito.ArgumentMatchers.any())).thenReturn(settings);
        assertThat(controller.change(CALLER, nothing())).isSameAs(settings);
        assertThat(sent()).isEqualTo(new ChangeProgramSettings(MER, null, null, null, null, null, null, null, null, null,
                null, null, null, null));
    }

    @Test
    void passesEveryGivenSettingForTheCallersProgram() {
        when(secrets.seal(MER, MerchantSecrets.STRIPE_WEBHOOK_SECRET, "whsec_abcdefgh1234")).thenReturn("sealed-1");
        when(secrets.seal(MER, MerchantSecrets.STRIPE_API_KEY, "sk_test_abcdefgh5678")).thenReturn("sealed-2");
        controller.change(CALLER, request(" eur ", "12.5", 7, "whsec_abcdefgh1234", "sk_test_abcdefgh5678", Arrays.asList("5", "2"),
                Map.of("lead", new EventRewardRequest(500L, null), "signup", new EventRewardRequest(null, "10")),
                new NullableCents(60_000L),
                new FraudRulesRequest(new ProgramCommandController.SwitchRequest(false),
                        new ProgramCommandController.VelocityRequest(true, 3, 10),
                        new ProgramCommandController.RefundRateRequest(true, "25", 4)),
                Arrays.asList(new PerformanceTierRequest("silver", 100_000L, "15"), new PerformanceTierRequest("base", null, "11"))));

        ChangeProgramSettings command = sent();
        assertThat(command.merchantId()).isEqualTo(MER);
        assertThat(command.currency()).isEqualTo("EUR");
        assertThat(command.defaultRate()).isEqualTo(CommissionRate.of("12.5"));
        assertThat(command.holdDays()).isEqualTo(7);
        assertThat(command.stripeWebhookSecret()).isEqualTo(new SecretChange("sealed-1", "1234"));
        assertThat(command.stripeApiKey()).isEqualTo(new SecretChange("sealed-2", "5678"));
        assertThat(command.mlmTierRates()).containsExactly("5", "2");
        assertThat(command.eventRewards()).isEqualTo(Map.of("lead", new EventReward(500, null), "signup", new EventReward(0, "10")));
        assertThat(command.landingUrl()).isEqualTo("https://shop.example");
        assertThat(command.attributionWindowDays()).isEqualTo(14);
        assertThat(command.payoutMinimumCents()).isEqualTo(5_000L);
        assertThat(command.taxFormThreshold()).isEqualTo(new ThresholdChange(60_000L));
        assertThat(command.fraudRules()).isEqualTo(new FraudRulesChange(new FraudRulesChange.SelfReferral(false),
                new FraudRulesChange.Velocity(true, 3, 10), new FraudRulesChange.RefundRate(true, "25", 4)));
        assertThat(command.performanceTiers()).containsExactly(new PerformanceTier("silver", 100_000, "15"),
                new PerformanceTier("base", 0, "11"));
    }

    @Test
    void anEmptySecretRemovesItAndANullThresholdRemovesTheRequirement() {
        controller.change(CALLER, request(null, null, null, "", "", null, null, new NullableCents(null), null, null));
        ChangeProgramSettings command = sent();
        assertThat(command.stripeWebhookSecret()).isEqualTo(new SecretChange(null, null));
        assertThat(command.stripeApiKey()).isEqualTo(new SecretChange(null, null));
        assertThat(command.taxFormThreshold()).isEqualTo(new ThresholdChange(null));
        verifyNoInteractions(secrets);
    }

    @Test
    void aFraudRulesChangeKeepsEveryRuleNotGiven() {
        controller.change(CALLER, request(null, null, null, null, null, null, null, null,
                new FraudRulesRequest(null, null, null), null));
        assertThat(sent().fraudRules()).isEqualTo(new FraudRulesChange(null, null, null));
    }

    @Test
    void aBlankCurrencyIsRefused() {
        assertThatThrownBy(() -> controller.change(CALLER, request(" ", null, null, null, null, null, null, null, null, null)))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("ISO-4217");
        verifyNoInteractions(commands);
    }

    @Test
    void anEventRewardThatIsNotAnObjectIsRefused() {
        Map<String, EventRewardRequest> rewards = new HashMap<>();
        rewards.put("lead", null);
        assertThatThrownBy(() -> controller.change(CALLER, request(null, null, null, null, null, null, rewards, null, null, null)))
                .hasMessageContaining("event_rewards.lead")
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_program_setting"));
        verifyNoInteractions(commands);
    }

    @Test
    void aPerformanceTierThatIsNotAnObjectIsRefused() {
        assertThatThrownBy(() -> controller.change(CALLER, request(null, null, null, null, null, null, null, null, null,
                Arrays.asList(new PerformanceTierRequest("silver", 1L, "15"), null))))
                .hasMessageContaining("performance_tiers")
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_program_setting"));
        verifyNoInteractions(commands);
    }

    @Test
    void anMlmTierRateThatIsNotAPercentIsRefused() {
        assertThatThrownBy(() -> controller.change(CALLER, request(null, null, null, null, null, Arrays.asList("5", null),
                null, null, null, null)))
                .hasMessageContaining("mlm_tier_rates")
                .satisfies(e -> assertThat(code(e)).isEqualTo("invalid_program_setting"));
        verifyNoInteractions(commands);
    }

    @Test
    void immutableListsSuchAsTheDashboardBuildsAreAccepted() {
        // List.of answers contains(null) with a NullPointerException: an MLM tier list cleared on the settings screen was a 500
        controller.change(CALLER, request(null, null, null, null, null, List.of(), null, null, null,
                List.of(new PerformanceTierRequest("silver", 100_000L, "15"))));
        assertThat(sent().mlmTierRates()).isEmpty();
        assertThat(sent().performanceTiers()).containsExactly(new PerformanceTier("silver", 100_000, "15"));
    }
}
