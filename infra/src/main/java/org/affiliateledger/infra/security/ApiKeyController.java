package org.affiliateledger.infra.security;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.apikey.ChangeApiKeyLimits;
import org.affiliateledger.events.apikey.IssueApiKey;
import org.affiliateledger.events.apikey.RateLimits;
import org.affiliateledger.events.apikey.RevokeApiKey;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.query.support.ListPage;
import org.affiliateledger.query.support.ListQuery;
import org.affiliateledger.query.support.Paging;
import org.affiliateledger.query.support.SqlTime;
import org.affiliateledger.query.support.TenantReads;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Scoped API keys of the caller's merchant: issue (secret shown once), list, change limits, revoke. Needs {@code admin}. */
@RestController
@RequestMapping("/api/v1/api-keys")
@Tag(name = "API keys", description = "Scoped keys of the merchant, their rate limits and audit log (`admin` scope)")
public class ApiKeyController {
    static final Set<String> SCOPES = Set.of("read", "write", "admin", "*");
    private static final int MAX_PER_MINUTE = 1_000_000_000;
    static final RowMapper<KeyView> ROW = (rs, n) -> new KeyView(rs.getString("id"), rs.getString("name"),
            rs.getString("prefix"), List.of(rs.getString("scopes").split(" ")),
            new RateLimitsView((Integer) rs.getObject("read_per_minute"), (Integer) rs.getObject("write_per_minute")),
            Timestamps.format(SqlTime.instant(rs, "created_at")), Timestamps.format(SqlTime.instant(rs, "last_used_at")),
            Timestamps.format(SqlTime.instant(rs, "revoked_at")));

    private final CommandGateway commands;
    private final TenantReads reads;
    private final ApiKeyIssuer issuer;

    public ApiKeyController(CommandGateway commands, TenantReads reads, ApiKeyIssuer issuer) {
        this.commands = commands;
        this.reads = reads;
        this.issuer = issuer;
    }

    /** The request spelling (snake_case, like every request body). */
    @Schema(name = "RateLimitsRequest", description = "Requests per minute; null means the server's default (120 reads, 30 writes)")
    public record Limits(@JsonProperty("read_per_minute") @Positive @Max(MAX_PER_MINUTE) @Nullable Integer readPerMinute,
                         @JsonProperty("write_per_minute") @Positive @Max(MAX_PER_MINUTE) @Nullable Integer writePerMinute) {
        RateLimits toDomain() {
            return new RateLimits(readPerMinute, writePerMinute);
        }
    }

    /** The resource spelling (camelCase, like every resource). */
    @Schema(name = "RateLimits", description = "Requests per minute; null means the server's default (120 reads, 30 writes)")
    public record RateLimitsView(@Nullable Integer readPerMinute, @Nullable Integer writePerMinute) {
        public static RateLimitsView of(@Nullable Limits limits) {
            return limits == null ? new RateLimitsView(null, null) : new RateLimitsView(limits.readPerMinute(), limits.writePerMinute());
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

    /** @param key the secret: present only in the response that issues it */
    @Schema(name = "ApiKey", description = "A key as listed: never its secret")
    public record KeyView(String id, String name, @Schema(description = "The key's first characters, to recognise it") String prefix,
                          List<String> scopes, RateLimitsView rateLimits,
                          @Schema(format = "date-time") String createdAt, @Schema(format = "date-time") @Nullable String lastUsedAt,
                          @Schema(format = "date-time") @Nullable String revokedAt) {
    }

    @Schema(name = "IssuedApiKey", description = "The new key; `key` is the secret, shown only here")
    public record IssuedKey(String id, String name, String key, String prefix, List<String> scopes,
                            RateLimitsView rateLimits, @Schema(format = "date-time") String createdAt) {
    }

    @Schema(name = "ApiKeyAuditEntry", description = "A request made with the key, or a change to the key and who made it")
    public record AuditEntry(@Schema(format = "date-time") String at,
                             @Schema(allowableValues = {"request", "issued", "revoked", "limits_changed"}) String action,
                             @Nullable String method, @Nullable String path, @Nullable Integer status,
                             @Nullable String clientAddress, @Schema(description = "The key (or `operator`) that made the change") @Nullable String actor) {
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
        IssuedKey issued = issuer.issue(caller.merchantId(), request, caller.keyId());
        return ResponseEntity.created(URI.create("/api/v1/api-keys/" + issued.id())).body(issued);
    }

    @GetMapping
    @Operation(operationId = "listApiKeys", summary = "List the merchant's API keys")
    public ListPage<KeyView> list(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                  @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer limit,
                                  @RequestParam(required = false) String cursor) {
        Paging paging = Paging.of(page, limit, cursor);
        var rows = reads.as(caller.merchantId(), jdbc -> new ListQuery("api_keys", caller.merchantId()).fetch(jdbc, paging, ROW));
        return paging.toPage(rows, KeyView::id, row -> row);
    }

    @GetMapping("/{id}")
    @Operation(operationId = "getApiKey", summary = "Get an API key")
    public KeyView get(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return find(caller, id);
    }

    @PatchMapping("/{id}")
    @Operation(operationId = "changeApiKeyLimits", summary = "Change an API key's rate limits",
            description = "Merged field by field: `{\"rate_limits\": {\"read_per_minute\": 600}}` keeps the write limit. "
                    + "Takes effect from the key's next request, in a fresh window.")
    @ApiResponse(responseCode = "200", description = "Changed")
    @ApiResponse(responseCode = "409", description = "The key is revoked")
    public KeyView changeLimits(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                                @Valid @RequestBody ChangeRequest request) {
        requireKeyId(id);
        LimitsPatch patch = request.rateLimits();
        if (patch != null) {
            for (LimitsPatch.Limit limit : java.util.Arrays.asList(patch.read(), patch.write())) {
                if (limit != null && limit.value() != null && (limit.value() < 1 || limit.value() > MAX_PER_MINUTE)) {
                    throw new InvalidRequestException("rate_limits must be between 1 and " + MAX_PER_MINUTE
                            + " requests per minute (null: the server's default), got " + limit.value());
                }
            }
            commands.sendAndWait(new ChangeApiKeyLimits(id, caller.merchantId(),
                    new RateLimits(patch.read() == null ? null : patch.read().value(), patch.write() == null ? null : patch.write().value()),
                    caller.keyId(), patch.reset() || patch.read() != null, patch.reset() || patch.write() != null));
        }
        return find(caller, id);
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

    @GetMapping("/{id}/audit")
    @Operation(operationId = "getApiKeyAudit", summary = "Read an API key's audit log",
            description = "Newest first, by cursor. Request entries are written in batches a fraction of a second behind.")
    public ListPage<AuditEntry> audit(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                                      @RequestParam(required = false) Integer limit,
                                      @RequestParam(required = false) String cursor) {
        find(caller, id);
        Paging paging = Paging.of(null, limit, cursor);
        long before = paging.afterId() == null ? Long.MAX_VALUE : parseAuditCursor(paging.afterId());
        record Row(long id, AuditEntry entry) {
        }
        List<Row> rows = reads.as(caller.merchantId(), jdbc -> jdbc.sql("""
                        SELECT * FROM api_key_audit WHERE merchant_id = ? AND key_id = ? AND id < ?
                        ORDER BY id DESC LIMIT ?""")
                .params(caller.merchantId(), id, before, paging.limit() + 1)
                .query((rs, n) -> new Row(rs.getLong("id"), new AuditEntry(
                        Timestamps.format(SqlTime.instant(rs, "at")), rs.getString("action"), rs.getString("method"),
                        rs.getString("path"), (Integer) rs.getObject("status"), rs.getString("client_address"),
                        rs.getString("actor"))))
                .list());
        ListPage<AuditEntry> page = paging.toPage(rows, row -> Long.toString(row.id()), Row::entry);
        return new ListPage<>(page.data(), null, page.limit(), page.nextCursor());
    }

    private KeyView find(ApiCaller caller, String id) {
        requireKeyId(id);
        return reads.as(caller.merchantId(), jdbc -> jdbc.sql("SELECT * FROM api_keys WHERE merchant_id = ? AND id = ?")
                        .params(caller.merchantId(), id).query(ROW).optional())
                .orElseThrow(() -> new NotFoundException("API key", id));
    }

    private static void requireKeyId(String id) {
        if (!Ids.API_KEY.matches(id)) {
            throw new NotFoundException("API key", id);
        }
    }

    private static long parseAuditCursor(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new InvalidRequestException("cursor is not one this API issued; pass back next_cursor unchanged").withCode("invalid_cursor");
        }
    }
}
