package org.affiliateledger.command.affiliate;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.affiliate.AffiliateDetails;
import org.affiliateledger.events.affiliate.ChangeCommissionOverride;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;

/**
 * {@code PATCH /api/v1/affiliates/{id}}: rename, re-email and change the commission override, in the affilut or the
 * Cobalz spelling (never both for one field). Every field given is applied, or the request is refused and nothing
 * changes; fields that cannot change this way (short code, status, parent) are refused with the way to change them.
 */
@RestController
@Tag(name = "Affiliates")
public class AffiliateChangeController {
    private final CommandGateway commands;

    public AffiliateChangeController(CommandGateway commands) {
        this.commands = commands;
    }

    @Schema(name = "ChangeAffiliateRequest", description = "Only the fields given change; all of them, or none (a refusal)")
    public record ChangeRequest(
            @Schema(description = "New name (Cobalz: `display_name`); the short code and links stay", example = "Jane Doe")
            @Size(max = 200) String name,
            @Schema(description = "New email, unique per program (409 `duplicate_email`)", example = "jane.doe@example.com")
            @Email @Size(max = 254) String email,
            @Schema(description = "Percent (0–100, up to four decimals); null removes the override, so the program's rates "
                    + "apply (Cobalz: `custom_commission_rate` as a fraction)", example = "20",
                    implementation = String.class, types = {"string", "null"})
            @JsonProperty("commission_override") NullableValue.Text commissionOverride,
            @Schema(description = "Cobalz spelling of `name`", example = "Jane Doe")
            @JsonProperty("display_name") @Size(max = 200) String displayName,
            @Schema(description = "Cobalz: the override as a fraction (0.2 = 20 %), 0–1 with up to six decimals; null removes it",
                    example = "0.2", implementation = java.math.BigDecimal.class, types = {"number", "null"})
            @JsonProperty("custom_commission_rate") NullableValue.Fraction customCommissionRate,
            @Schema(hidden = true) @JsonProperty("short_code") JsonNode shortCode,
            @Schema(hidden = true) JsonNode slug,
            @Schema(hidden = true) JsonNode status,
            @Schema(hidden = true) @JsonProperty("parent_id") JsonNode parentId,
            @Schema(hidden = true) @JsonProperty("parent_email") JsonNode parentEmail) {
    }

    @Schema(name = "ChangedAffiliate", description = "The affiliate after the change (the fields of `Affiliate`)")
    public record ChangedAffiliate(String id, String name, String email, String shortCode,
                                   @Schema(allowableValues = {"pending", "active", "paused", "suspended", "banned"}) String status,
                                   @Nullable String commissionOverride,
                                   @Schema(format = "date-time") String createdAt,
                                   @Schema(format = "date-time") @Nullable String activatedAt,
                                   @Schema(description = "The parent affiliate (MLM lineage); absent without one")
                                   @JsonInclude(JsonInclude.Include.NON_NULL) @Nullable String parentId) {
        static ChangedAffiliate of(AffiliateDetails details) {
            return new ChangedAffiliate(details.affiliateId(), details.name(), details.email(), details.shortCode(),
                    details.status().wireName(), details.commissionOverride(), Timestamps.format(details.registeredAt()),
                    Timestamps.format(details.activatedAt()), details.parentId());
        }
    }

    @PatchMapping("/api/v1/affiliates/{id}")
    @Operation(operationId = "updateAffiliate", summary = "Change an affiliate's name, email or commission override",
            description = "Only the fields given change, and all of them or none. Accepts the affilut fields (`name`, "
                    + "`email`, `commission_override` as a percent string) and the Cobalz ones (`display_name`, "
                    + "`custom_commission_rate` as a fraction); a body giving both spellings of one field is refused. The "
                    + "short code, the status and the parent cannot change here (400 saying how). A new override applies "
                    + "to conversions recorded from now on; recorded commissions keep their rate.")
    @ApiResponse(responseCode = "200", description = "Changed; the affiliate as it is now")
    @ApiResponse(responseCode = "409", description = "`duplicate_email`: another affiliate of the program has that email; "
            + "or the affiliate is banned")
    public ChangedAffiliate update(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                   @Parameter(description = "The affiliate's id (`aff_…`)") @PathVariable String id,
                                   @Valid @RequestBody ChangeRequest request) {
        if (!Ids.AFFILIATE.matches(id)) {
            throw new NotFoundException("affiliate", id);
        }
        AffiliateDetails details = commands.sendAndWait(AffiliateRequests.change(id, caller.merchantId(), request));
        return ChangedAffiliate.of(details);
    }

    /**
     * The dashboard's override form: a percent string, or null to remove the override ({@link ChangeCommissionOverride},
     * decided by the affiliate like the override in a {@code PATCH}).
     */
    public void changeOverride(ApiCaller caller, String id, @Nullable String percent) {
        if (!Ids.AFFILIATE.matches(id)) {
            throw new NotFoundException("affiliate", id);
        }
        commands.sendAndWait(new ChangeCommissionOverride(id, caller.merchantId(), percent == null ? null : CommissionRate.of(percent)));
    }
}
