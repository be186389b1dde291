package org.affiliateledger.command.affiliate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
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
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.function.BiFunction;

@RestController
@RequestMapping("/api/v1/affiliates")
@Tag(name = "Affiliates")
public class AffiliateCommandController {
    private static final String ID = "The affiliate's id (`aff_…`)";
    private static final String CHANGED = "The affiliate's status after the change";
    private static final String CONFLICT = "The affiliate's current status does not allow this (the detail names it)";
    private static final String SHORT_CODE = "[a-z0-9][a-z0-9-]{2,63}";
    private static final String SHORT_CODE_RULE = "must be 3–64 lowercase letters, digits or dashes, starting with a letter or digit";

    private final CommandGateway commands;

    public AffiliateCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    /**
     * Two dialects of one request: the affilut fields ({@code name}, {@code short_code}, {@code commission_override},
     * {@code status} pending|active, {@code parent_id}) and the Cobalz ones ({@code display_name}, {@code slug},
     * {@code custom_commission_rate} as a fraction, {@code status} approved|pending, {@code parent_email}). Either
     * spelling of a field may be used, never both.
     */
    @Schema(name = "RegisterAffiliateRequest")
    public record RegisterRequest(
            @Schema(description = "The affiliate's name (Cobalz: `display_name`); one of the two is required")
            @Size(max = 200) String name,
            @Schema(description = "Unique per merchant") @NotBlank @Email @Size(max = 254) String email,
            @Schema(description = "Unique per merchant; generated from the name when omitted (Cobalz: `slug`)", example = "jane-smith")
            @JsonProperty("short_code") @Pattern(regexp = SHORT_CODE, message = SHORT_CODE_RULE) String shortCode,
            @Schema(description = "Percent (0–100, up to four decimals) instead of the program's default rate "
                    + "(Cobalz: `custom_commission_rate` as a fraction)", example = "15")
            @JsonProperty("commission_override") String commissionOverride,
            @Schema(description = "`active` (Cobalz: `approved`) approves the affiliate at once",
                    allowableValues = {"pending", "active", "approved"}, defaultValue = "pending")
            @Pattern(regexp = "pending|active|approved", message = "must be one of: pending, active, approved") String status,
            @Schema(description = "Cobalz spelling of `name`", example = "Alice Chen")
            @JsonProperty("display_name") @Size(max = 200) String displayName,
            @Schema(description = "Cobalz spelling of `short_code`", example = "alice-chen")
            @Pattern(regexp = SHORT_CODE, message = SHORT_CODE_RULE) String slug,
            @Schema(description = "Cobalz: the commission override as a fraction (0.20 = 20 %), 0–1 with up to six decimals",
                    example = "0.2", minimum = "0", maximum = "1")
            @JsonProperty("custom_commission_rate") BigDecimal customCommissionRate,
            @Schema(description = "The parent affiliate (MLM lineage) by email; it must belong to this program. "
                    + "An unknown email answers 422 and registers nothing", example = "bob@example.com")
            @JsonProperty("parent_email") @Email @Size(max = 254) String parentEmail,
            @Schema(description = "The parent affiliate (MLM lineage) by id; it must belong to this program",
                    example = "aff_01hx5v3k8m2n4p6q8r0s2t4v6w")
            @JsonProperty("parent_id") @Size(max = 40) String parentId) {
    }

    /** The affiliate as registered; the same fields {@code GET /api/v1/affiliates/{id}} answers with. */
    @Schema(name = "RegisteredAffiliate", description = "The affiliate as registered (the fields of `Affiliate`)")
    public record RegisteredAffiliate(String id, String name, String email, String shortCode,
                                      @Schema(allowableValues = {"pending", "active"}) String status,
                                      @Nullable String commissionOverride,
                                      @Schema(format = "date-time") String createdAt,
                                      @Schema(format = "date-time") @Nullable String activatedAt,
                                      @Schema(description = "The parent affiliate (MLM lineage); absent without one")
                                      @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String parentId) {
    }

    @Schema(name = "AffiliateTransition", description = "The affiliate's status after the change")
    public record Transition(String id,
                             @Schema(allowableValues = {"pending", "active", "paused", "suspended", "banned"}) String status) {
    }

    @Schema(name = "AffiliateReasonRequest")
    public record ReasonRequest(@Schema(description = "Why, kept in the affiliate's history") @Size(max = 500) String reason) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "registerAffiliate", summary = "Register an affiliate",
            description = "Creates a `pending` affiliate, or an `active` one with `\"status\": \"active\"` (or `approved`). "
                    + "Accepts the affilut body and the Cobalz body (`display_name`, `slug`, `custom_commission_rate`, "
                    + "`parent_email`); a body giving both spellings of one field is refused. A parent (`parent_email` or "
                    + "`parent_id`) places the affiliate in the MLM lineage for good; a lineage is at most "
                    + Affiliate.MAX_LINEAGE_DEPTH + " ancestors deep.")
    @ApiResponse(responseCode = "201", description = "Registered",
            headers = @Header(name = "Location", description = "The new affiliate's URL", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "409", description = "The email or short code is already used by another affiliate")
    @ApiResponse(responseCode = "422", description = "The parent affiliate does not exist in this program, is banned, "
            + "or its lineage is already at the depth limit")
    public ResponseEntity<RegisteredAffiliate> register(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                                        @Valid @RequestBody RegisterRequest request) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RegisterAffiliate command = AffiliateRequests.registration(Ids.AFFILIATE.next(), caller.merchantId(), now, request);
        RegistrationReceipt receipt = commands.sendAndWait(command);
        var body = new RegisteredAffiliate(command.affiliateId(), command.name(), command.email(), command.shortCode(),
                command.activate() ? "active" : "pending",
                command.commissionOverride() == null ? null : command.commissionOverride().percent(), Timestamps.format(now),
                Timestamps.format(receipt.activatedAt()), receipt.parentId());
        return ResponseEntity.created(URI.create("/api/v1/affiliates/" + command.affiliateId())).body(body);
    }

    @PostMapping("/{id}/approve")
    @Operation(operationId = "approveAffiliate", summary = "Approve a pending affiliate",
            description = "`pending` → `active`.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition approve(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                              @Parameter(description = ID) @PathVariable String id) {
        return transition(caller, id, ApproveAffiliate::new);
    }

    @PostMapping("/{id}/pause")
    @Operation(operationId = "pauseAffiliate", summary = "Pause an active affiliate",
            description = "`active` → `paused`.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition pause(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                            @Parameter(description = ID) @PathVariable String id) {
        return transition(caller, id, PauseAffiliate::new);
    }

    @PostMapping("/{id}/resume")
    @Operation(operationId = "resumeAffiliate", summary = "Resume a paused affiliate",
            description = "`paused` → `active`.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition resume(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                             @Parameter(description = ID) @PathVariable String id) {
        return transition(caller, id, ResumeAffiliate::new);
    }

    @PostMapping("/{id}/suspend")
    @Operation(operationId = "suspendAffiliate", summary = "Suspend an affiliate",
            description = "`active` or `paused` → `suspended`; takes an optional reason.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition suspend(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                              @Parameter(description = ID) @PathVariable String id,
                              @Valid @RequestBody(required = false) ReasonRequest request) {
        return transition(caller, id, (affiliate, merchant) -> new SuspendAffiliate(affiliate, merchant, reason(request)));
    }

    @PostMapping("/{id}/reinstate")
    @Operation(operationId = "reinstateAffiliate", summary = "Reinstate a suspended affiliate",
            description = "`suspended` → `active`.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition reinstate(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                @Parameter(description = ID) @PathVariable String id) {
        return transition(caller, id, ReinstateAffiliate::new);
    }

    @PostMapping("/{id}/ban")
    @Operation(operationId = "banAffiliate", summary = "Ban an affiliate",
            description = "Any status → `banned`, which is final; takes an optional reason.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition ban(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                          @Parameter(description = ID) @PathVariable String id,
                          @Valid @RequestBody(required = false) ReasonRequest request) {
        return transition(caller, id, (affiliate, merchant) -> new BanAffiliate(affiliate, merchant, reason(request)));
    }

    private Transition transition(ApiCaller caller, String id, BiFunction<String, String, Object> command) {
        if (!Ids.AFFILIATE.matches(id)) {
            throw new NotFoundException("affiliate", id);
        }
        AffiliateStatus status = commands.sendAndWait(command.apply(id, caller.merchantId()));
        return new Transition(id, status.wireName());
    }

    private static String reason(ReasonRequest request) {
        return request == null ? null : request.reason();
    }
}
