package org.affiliateledger.infra.admin;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.merchant.OnboardMerchant;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.infra.security.ApiKeyController;
import org.affiliateledger.infra.security.ApiKeySecrets;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Operator bootstrap: a new merchant and its first full-access API key (shown once). */
@RestController
@Tag(name = "Operator")
public class MerchantAdminController {
    private final CommandGateway commands;

    public MerchantAdminController(CommandGateway commands) {
        this.commands = commands;
    }

    public record CreateMerchantRequest(@Schema(example = "Acme SaaS") @NotBlank @Size(max = 200) String name) {
    }

    public record CreatedMerchant(String id, String name, ApiKeyController.IssuedKey apiKey) {
    }

    @PostMapping("/admin/v1/merchants")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createMerchant", summary = "Create a merchant",
            description = "A new merchant (tenant) with its program and a first full-access API key.")
    public CreatedMerchant create(@Valid @RequestBody CreateMerchantRequest request) {
        String merchantId = Ids.MERCHANT.next();
        String keyId = Ids.API_KEY.next();
        ApiKeySecrets.NewSecret secret = ApiKeySecrets.generate();
        commands.sendAndWait(new OnboardMerchant(merchantId, request.name(), keyId, secret.displayPrefix(), secret.hash()));
        return new CreatedMerchant(merchantId, request.name().strip(),
                new ApiKeyController.IssuedKey(keyId, "default", secret.plaintext(), secret.displayPrefix(), List.of("*"),
                        new ApiKeyController.Limits(null, null), Timestamps.format(Instant.now().truncatedTo(ChronoUnit.MILLIS))));
    }
}
