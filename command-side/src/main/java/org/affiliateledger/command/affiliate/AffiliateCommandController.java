package org.affiliateledger.command.affiliate;

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
import org.affiliateledger.events.affiliate.ChangeCommissionOverride;
import org.affiliateledger.events.affiliate.PauseAffiliate;
import org.affiliateledger.events.affiliate.RegisterAffiliate;
import org.affiliateledger.events.affiliate.ReinstateAffiliate;
import org.affiliateledger.events.affiliate.ResumeAffiliate;
import org.affiliateledger.events.affiliate.SuspendAffiliate;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

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

    private final CommandGateway commands;

    public AffiliateCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @Schema(name = "RegisterAffiliateRequest")
    public record RegisterRequest(
            @NotBlank @Size(max = 200) String name,
            @Schema(description = "Unique per merchant") @NotBlank @Email @Size(max = 254) String email,
            @Schema(description = "Unique per merchant; generated from the name when omitted", example = "jane-smith")
            @JsonProperty("short_code") @Pattern(regexp = "[a-z0-9][a-z0-9-]{2,63}",
                    message = "must be 3–64 lowercase letters, digits or dashes, starting with a letter or digit") String shortCode,
            @Schema(description = "Percent (0–100, up to four decimals) instead of the program's default rate", example = "15")
            @JsonProperty("commission_override") String commissionOverride,
            @Schema(description = "`active` approves the affiliate at once", allowableValues = {"pending", "active"},
                    defaultValue = "pending")
            @Pattern(regexp = "pending|active", message = "must be pending or active") String status) {
    }

    /** The affiliate as registered; the same fields {@code GET /api/v1/affiliates/{id}} answers with. */
    @Schema(name = "RegisteredAffiliate", description = "The affiliate as registered (the fields of `Affiliate`)")
    public record RegisteredAffiliate(String id, String name, String email, String shortCode,
                                      @Schema(allowableValues = {"pending", "active"}) String status,
                                      @Nullable String commissionOverride,
                                      @Schema(format = "date-time") String createdAt,
                                      @Schema(format = "date-time") @Nullable String activatedAt) {
    }

    @Schema(name = "AffiliateTransition", description = "The affiliate's status after the change")
    public record Transition(String id,
                             @Schema(allowableValues = {"pending", "active", "paused", "suspended", "banned"}) String status) {
    }

    @Schema(name = "AffiliateReasonRequest")
    public record ReasonRequest(@Schema(description = "Why, kept in the affiliate's history") @Size(max = 500) String reason) {
    }

    @Schema(name = "CommissionOverrideRequest")
    public record OverrideRequest(
            @Schema(description = "Percent string; null or absent to use the program's default rate", example = "20")
            @JsonProperty("commission_override") @Nullable String commissionOverride) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "registerAffiliate", summary = "Register an affiliate",
            description = "Creates a `pending` affiliate, or an `active` one with `\"status\": \"active\"`.")
    @ApiResponse(responseCode = "201", description = "Registered",
            headers = @Header(name = "Location", description = "The new affiliate's URL", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "409", description = "The email or short code is already used by another affiliate")
    public ResponseEntity<RegisteredAffiliate> register(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                                        @Valid @RequestBody RegisterRequest request) {
        String id = Ids.AFFILIATE.next();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        CommissionRate override = request.commissionOverride() == null ? null : CommissionRate.of(request.commissionOverride());
        String shortCode = request.shortCode() != null ? request.shortCode() : ShortCodes.from(request.name());
        boolean activate = "active".equals(request.status());
        commands.sendAndWait(new RegisterAffiliate(id, caller.merchantId(), request.name().strip(), request.email().strip(),
                shortCode, override, activate, now));
        var body = new RegisteredAffiliate(id, request.name().strip(), request.email().strip(), shortCode,
                activate ? "active" : "pending", override == null ? null : override.percent(), Timestamps.format(now),
                activate ? Timestamps.format(now) : null);
        return ResponseEntity.created(URI.create("/api/v1/affiliates/" + id)).body(body);
    }

    @PatchMapping("/{id}")
    @Operation(operationId = "changeAffiliateCommissionOverride", summary = "Change an affiliate's commission override",
            description = "Applies to conversions recorded from now on; recorded commissions keep their rate.")
    @ApiResponse(responseCode = "200", description = "Changed; the body has the affiliate's status")
    @ApiResponse(responseCode = "409", description = "The affiliate is banned")
    public Transition changeOverride(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                     @Parameter(description = ID) @PathVariable String id,
                                     @Valid @RequestBody OverrideRequest request) {
        CommissionRate override = request.commissionOverride() == null ? null : CommissionRate.of(request.commissionOverride());
        return transition(caller, id, (affiliate, merchant) -> new ChangeCommissionOverride(affiliate, merchant, override));
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
