package org.affiliateledger.command.merchant;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.affiliateledger.command.support.MerchantSecrets;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.ChangeProgramSettings.SecretChange;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PATCH /api/v1/program}: the program settings, one resource. Needs the {@code admin} scope. The Stripe secrets
 * are write-only: they are sealed here, before any command carries them, and answered only as set/last 4.
 * An empty string removes a secret.
 */
@RestController
@Tag(name = "Program")
public class ProgramCommandController {
    private final CommandGateway commands;
    private final MerchantSecrets secrets;

    public ProgramCommandController(CommandGateway commands, MerchantSecrets secrets) {
        this.commands = commands;
        this.secrets = secrets;
    }

    @Schema(name = "ChangeProgramRequest", description = "Only the fields given change; the Stripe secrets are write-only")
    public record ChangeRequest(
            @Schema(description = "Percent (0–100, up to four decimals) for affiliates without an override", example = "12.5")
            @JsonProperty("default_rate") String defaultRate,
            @Schema(description = "Days a new commission is held before it is approved automatically", example = "30")
            @JsonProperty("hold_days") @Min(0) @Max(Merchant.MAX_HOLD_DAYS) Integer holdDays,
            @Schema(description = "The Stripe endpoint's signing secret (whsec_…); \"\" removes it")
            @JsonProperty("stripe_webhook_secret") @Pattern(regexp = "|whsec_[\\x21-\\x7e]{8,250}",
                    message = "must be the endpoint's signing secret from the Stripe dashboard (whsec_…), or \"\" to remove it")
            String stripeWebhookSecret,
            @Schema(description = "A Stripe secret or restricted key, to look up unknown customers; \"\" removes it")
            @JsonProperty("stripe_api_key") @Pattern(regexp = "|(sk|rk)_(test|live)_[\\x21-\\x7e]{8,250}",
                    message = "must be a Stripe secret or restricted key (sk_… or rk_…), or \"\" to remove it")
            String stripeApiKey) {
    }

    @PatchMapping("/api/v1/program")
    @Operation(operationId = "changeProgram", summary = "Change the program settings",
            description = "A new default rate or hold period applies to conversions recorded from now on.")
    public ProgramSettings change(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @Valid @RequestBody ChangeRequest request) {
        CommissionRate rate = request.defaultRate() == null ? null : CommissionRate.of(request.defaultRate());
        String merchantId = caller.merchantId();
        return commands.sendAndWait(new ChangeProgramSettings(merchantId, rate, request.holdDays(),
                seal(merchantId, MerchantSecrets.STRIPE_WEBHOOK_SECRET, request.stripeWebhookSecret()),
                seal(merchantId, MerchantSecrets.STRIPE_API_KEY, request.stripeApiKey())));
    }

    private SecretChange seal(String merchantId, String name, String value) {
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            return new SecretChange(null, null);
        }
        return new SecretChange(secrets.seal(merchantId, name, value), value.substring(value.length() - 4));
    }
}
