package org.affiliateledger.command.merchant;

import com.fasterxml.jackson.annotation.JsonProperty;
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
public class ProgramCommandController {
    private final CommandGateway commands;
    private final MerchantSecrets secrets;

    public ProgramCommandController(CommandGateway commands, MerchantSecrets secrets) {
        this.commands = commands;
        this.secrets = secrets;
    }

    public record ChangeRequest(
            @JsonProperty("default_rate") String defaultRate,
            @JsonProperty("hold_days") @Min(0) @Max(Merchant.MAX_HOLD_DAYS) Integer holdDays,
            @JsonProperty("stripe_webhook_secret") @Pattern(regexp = "|whsec_[\\x21-\\x7e]{8,250}",
                    message = "must be the endpoint's signing secret from the Stripe dashboard (whsec_…), or \"\" to remove it")
            String stripeWebhookSecret,
            @JsonProperty("stripe_api_key") @Pattern(regexp = "|(sk|rk)_(test|live)_[\\x21-\\x7e]{8,250}",
                    message = "must be a Stripe secret or restricted key (sk_… or rk_…), or \"\" to remove it")
            String stripeApiKey) {
    }

    @PatchMapping("/api/v1/program")
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
