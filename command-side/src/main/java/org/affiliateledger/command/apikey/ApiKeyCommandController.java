package org.affiliateledger.command.apikey;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.apikey.ApiKeyView;
import org.affiliateledger.events.apikey.ChangeApiKeyLimits;
import org.affiliateledger.events.apikey.RateLimits;
import org.affiliateledger.events.apikey.RevokeApiKey;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/** Issue (secret shown once), change limits, revoke the caller's merchant's keys. Needs {@code admin}. Reads: query side. */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Scoped keys of the merchant, their rate limits and audit log (`admin` scope)")
public class ApiKeyCommandController {
    static final int MAX_PER_MINUTE = 1_000_000_000;

    private final CommandGateway commands;
    private final ApiKeyIssuing issuing;

    public ApiKeyCommandController(CommandGateway commands, ApiKeyIssuing issuing) {
        this.commands = commands;
        this.issuing = issuing;
    }

    /** The request spelling (snake_case, like every request body). */
    @Schema(name = "RateLimitsRequest", description = "Requests per minute; null means the server's default (120 reads, 30 writes)")
    public record Limits(@JsonProperty("read_per_minute") @Positive @Max(MAX_PER_MINUTE) @Nullable Integer readPerMinute,
                         @JsonProperty("write_per_minute") @Positive @Max(MAX_PER_MINUTE) @Nullable Integer writePerMinute) {
        RateLimits toDomain() {
            return new RateLimits(readPerMinute, writePerMinute);
        }
    }

    @Schema(name = "IssueApiKeyRequest")
    public record IssueRequest(@Schema(description = "What the key is for", example = "BI export") @NotBlank @Size(max = 200) String name,
                               @Schema(description = "Any of `read`, `write`, `admin`, `*` (`admin` and `*` grant everything)",
                                       example = "[\"read\"]") @NotEmpty @Size(max = 4) List<@NotBlank String> scopes,
                               @JsonProperty("rate_limits") @Valid @Nullable Limits rateLimits) {
    }

    @Schema(name = "ChangeApiKeyRequest")
    public record ChangeRequest(@Schema(description = "Merged field by field: a limit given replaces that limit (null: the "
                                        + "server's default), a limit not given stays; `\"rate_limits\": null` resets both",
                                        implementation = Limits.class, types = {"object", "null"})
                                @JsonProperty("rate_limits") @Nullable LimitsPatch rateLimits) {
    }

    @Schema(name = "IssuedApiKey", description = "The new key; `key` is the secret, shown only here")
    public record IssuedKey(String id, String name, String key, String prefix, List<String> scopes,
                            ApiKeyView.Limits rateLimits, @Schema(format = "date-time") String createdAt) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "issueApiKey", summary = "Issue an API key",
            description = "The secret is in this response only; the ledger keeps its SHA-256.")
    @ApiResponse(responseCode = "201", description = "Issued",
            headers = @Header(name = "Location", description = "The new key's URL", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    public ResponseEntity<IssuedKey> issue(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                           @Valid @RequestBody IssueRequest request) {
        IssuedKey issued = issuing.issue(caller.merchantId(), request, caller.keyId());
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + issued.id())).body(issued);
    }

    @PatchMapping("/{id}")
    @Operation(operationId = "changeApiKeyLimits", summary = "Change an API key's rate limits",
            description = "Merged field by field: `{\"rate_limits\": {\"read_per_minute\": 600}}` keeps the write limit. "
                    + "Takes effect from the key's next request, in a fresh window.")
    @ApiResponse(responseCode = "200", description = "Changed")
    @ApiResponse(responseCode = "409", description = "The key is revoked")
    public ApiKeyView changeLimits(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                                   @Valid @RequestBody ChangeRequest request) {
        requireKeyId(id);
        LimitsPatch patch = request.rateLimits();
        if (patch != null) {
            for (LimitsPatch.Limit limit : Arrays.asList(patch.read(), patch.write())) {
                if (limit != null && limit.value() != null && (limit.value() < 1 || limit.value() > MAX_PER_MINUTE)) {
                    throw new InvalidRequestException("rate_limits must be between 1 and " + MAX_PER_MINUTE
                            + " requests per minute (null: the server's default), got " + limit.value());
                }
            }
            commands.sendAndWait(new ChangeApiKeyLimits(id, caller.merchantId(),
                    new RateLimits(patch.read() == null ? null : patch.read().value(), patch.write() == null ? null : patch.write().value()),
                    caller.keyId(), patch.reset() || patch.read() != null, patch.reset() || patch.write() != null));
        }
        return issuing.find(caller.merchantId(), id);
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeApiKey", summary = "Revoke an API key", description = "Refused on every node at once.")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiResponse(responseCode = "409", description = "The key is already revoked, or it is the merchant's last active admin "
            + "key (`last_admin_key`)")
    public void revoke(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        requireKeyId(id);
        commands.sendAndWait(new RevokeApiKey(id, caller.merchantId(), caller.keyId()));
    }

    /** A malformed id names no key: 404, like an unknown one. */
    static void requireKeyId(String id) {
        if (!Ids.API_KEY.matches(id)) {
            throw new NotFoundException("API key", id);
        }
    }
}
