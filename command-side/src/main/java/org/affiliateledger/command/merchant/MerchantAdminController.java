package org.affiliateledger.command.merchant;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.affiliateledger.command.apikey.ApiKeyCommandController;
import org.affiliateledger.command.apikey.ApiKeyIssuing;
import org.affiliateledger.command.apikey.ApiKeySecrets;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.merchant.OnboardMerchant;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/**
 * The operator's merchants (under {@code /admin/v1}, behind the admin token): create one with its first full-access
 * API key (shown once), and issue a key for one that exists (a merchant that lost its keys is never locked out for
 * good). Keys the operator issues are audited as issued by {@code operator}. The list: query side.
 */
@RestController
@Tag(name = "Operator")
public class MerchantAdminController {
    private final CommandGateway commands;
    private final ApiKeyIssuing issuer;
    private final EventStore events;

    public MerchantAdminController(CommandGateway commands, ApiKeyIssuing issuer, EventStore events) {
        this.commands = commands;
        this.issuer = issuer;
        this.events = events;
    }

    @Schema(name = "CreateMerchantRequest")
    public record CreateMerchantRequest(@Schema(example = "Acme SaaS") @NotBlank @Size(max = 200) String name,
                                        @Schema(description = "The program currency (ISO-4217); USD when absent. It can be "
                                                + "changed with PATCH /api/v1/program until the first conversion in it",
                                                example = "EUR") @Nullable String currency) {
    }

    @Schema(name = "CreatedMerchant")
    public record CreatedMerchant(String id, String name, @Schema(example = "USD") String currency,
                                  ApiKeyCommandController.IssuedKey apiKey) {
    }

    @PostMapping("/admin/v1/merchants")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createMerchant", summary = "Create a merchant",
            description = "A new merchant (tenant) with its program (in `currency`, USD by default) and a first "
                    + "full-access API key.")
    public CreatedMerchant create(@Valid @RequestBody CreateMerchantRequest request) {
        String currency = request.currency() == null ? Currencies.DEFAULT : currency(request.currency());
        String merchantId = Ids.MERCHANT.next();
        String keyId = Ids.API_KEY.next();
        ApiKeySecrets.NewSecret secret = ApiKeySecrets.generate();
        commands.sendAndWait(new OnboardMerchant(merchantId, request.name(), currency, keyId, secret.displayPrefix(),
                secret.hash()));
        return new CreatedMerchant(merchantId, request.name().strip(), currency, issuer.recorded(merchantId, keyId, secret.plaintext()));
    }

    @PostMapping("/admin/v1/merchants/{id}/api-keys")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "issueMerchantApiKey", summary = "Issue an API key for a merchant",
            description = "For a merchant that lost or leaked its keys: the same body as `POST /api/v1/api-keys`; the key's "
                    + "audit log shows it was issued by `operator`. The secret is in this response only.")
    @ApiResponse(responseCode = "201", description = "Issued",
            headers = @Header(name = "Location", description = "The new key's URL (for the merchant's keys)", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "404", description = "No such merchant")
    public ResponseEntity<ApiKeyCommandController.IssuedKey> issueKey(
            @Parameter(description = "The merchant's id (`mer_…`)") @PathVariable String id,
            @Valid @RequestBody ApiKeyCommandController.IssueRequest request) {
        if (!Ids.MERCHANT.matches(id) || events.lastSequenceNumberFor(id).isEmpty()) {
            throw new NotFoundException("merchant", id);
        }
        ApiKeyCommandController.IssuedKey issued = issuer.issue(id, request, ApiKeyIssuing.OPERATOR);
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + issued.id())).body(issued);
    }

    private static String currency(String given) {
        if (given.isBlank()) {
            throw new InvalidRequestException("currency must be an ISO-4217 code such as USD or EUR");
        }
        return Currencies.normalise(given);
    }
}
