package org.affiliateledger.infra.admin;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.merchant.OnboardMerchant;
import org.affiliateledger.infra.security.ApiKeySecrets;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Operator bootstrap: a new merchant and its first full-access API key (shown once). */
@RestController
public class MerchantAdminController {
    private final CommandGateway commands;

    public MerchantAdminController(CommandGateway commands) {
        this.commands = commands;
    }

    public record CreateMerchantRequest(@NotBlank @Size(max = 200) String name) {
    }

    public record IssuedKey(String id, String key, String prefix, List<String> scopes) {
    }

    public record CreatedMerchant(String id, String name, IssuedKey apiKey) {
    }

    @PostMapping("/admin/v1/merchants")
    @ResponseStatus(HttpStatus.CREATED)
    public CreatedMerchant create(@Valid @RequestBody CreateMerchantRequest request) {
        String merchantId = Ids.MERCHANT.next();
        String keyId = Ids.API_KEY.next();
        ApiKeySecrets.NewSecret secret = ApiKeySecrets.generate();
        commands.sendAndWait(new OnboardMerchant(merchantId, request.name(), keyId, secret.displayPrefix(), secret.hash()));
        return new CreatedMerchant(merchantId, request.name().strip(),
                new IssuedKey(keyId, secret.plaintext(), secret.displayPrefix(), List.of("*")));
    }
}
