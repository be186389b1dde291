package org.affiliateledger.command.commission;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.ClearCommissionFlag;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.PayCommission;
import org.affiliateledger.events.commission.RejectCommission;
import org.affiliateledger.events.commission.VoidCommission;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InvalidRequestException;
import org.affiliateledger.events.common.NotFoundException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.function.Function;

@RestController
@RequestMapping("/api/v1/commissions/{id}")
@Tag(name = "Commissions")
public class CommissionCommandController {
    private static final String ID = "The commission's id (`com_…`)";
    private static final String CHANGED = "The commission's status after the change";
    private static final String CONFLICT = "The commission's current status does not allow this (the detail names it)";

    private final CommandGateway commands;

    public CommissionCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @Schema(name = "CommissionReasonRequest")
    public record ReasonRequest(
            @Schema(description = "Why, kept with the commission as `statusReason`") @Size(max = 500) String reason) {
    }

    /** {@code external_reference}, as payouts call it; {@code reference} is its earlier spelling, still accepted. */
    @Schema(name = "PayCommissionRequest")
    public record PayRequest(@Schema(description = "Your payment's reference (bank transfer id, PayPal batch…), shown as "
                                     + "`externalReference`", example = "PAYPAL-7781")
                             @JsonProperty("external_reference") @Size(min = 1, max = 255) String externalReference,
                             @Schema(description = "Earlier spelling of `external_reference`", deprecated = true)
                             @Size(min = 1, max = 255) String reference) {
        String given() {
            if (externalReference != null && reference != null) {
                throw new InvalidRequestException("give external_reference or reference (its earlier spelling), not both");
            }
            return externalReference != null ? externalReference : reference;
        }
    }

    @Schema(name = "CommissionTransition", description = "The commission's status after the change")
    public record Transition(String id,
                             @Schema(allowableValues = {"pending", "approved", "paid", "rejected", "voided", "held"}) String status) {
    }

    @PostMapping("/approve")
    @Operation(operationId = "approveCommission", summary = "Approve a pending commission",
            description = "`pending` → `approved`: it will be paid out. A commission flagged by a fraud rule is refused "
                    + "(409) until its flag is cleared.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT + ", or a fraud rule flagged it")
    public Transition approve(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                              @Parameter(description = ID) @PathVariable String id) {
        return transition(id, commissionId -> new ApproveCommission(commissionId, caller.merchantId()));
    }

    @PostMapping("/reject")
    @Operation(operationId = "rejectCommission", summary = "Reject a pending commission",
            description = "`pending` → `rejected`, which is final; takes an optional reason.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition reject(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                             @Parameter(description = ID) @PathVariable String id,
                             @Valid @RequestBody(required = false) ReasonRequest request) {
        return transition(id, commissionId -> new RejectCommission(commissionId, caller.merchantId(), reason(request)));
    }

    @PostMapping("/void")
    @Operation(operationId = "voidCommission", summary = "Void a commission",
            description = "`pending` or `approved` → `voided`, which is final; takes an optional reason.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition voidCommission(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                     @Parameter(description = ID) @PathVariable String id,
                                     @Valid @RequestBody(required = false) ReasonRequest request) {
        return transition(id, commissionId -> new VoidCommission(commissionId, caller.merchantId(), reason(request)));
    }

    /** approved → paid, for merchants who pay outside the ledger; {@code reference} is their payment reference. */
    @PostMapping("/pay")
    @Operation(operationId = "payCommission", summary = "Mark an approved commission as paid",
            description = "`approved` → `paid`, for merchants who pay outside the ledger; takes an optional "
                    + "`external_reference` (your payment's id), shown as the commission's `externalReference`.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition pay(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                          @Parameter(description = ID) @PathVariable String id,
                          @Valid @RequestBody(required = false) PayRequest request) {
        String reference = request == null ? null : request.given();
        return transition(id, commissionId -> new PayCommission(commissionId, caller.merchantId(), reference));
    }

    @Schema(name = "ClearCommissionFlagRequest")
    public record ClearFlagRequest(@Schema(description = "What the review found, kept with the event")
                                   @Size(max = 500) String note) {
    }

    @PostMapping("/clear-flag")
    @Operation(operationId = "clearCommissionFlag", summary = "Clear a commission's fraud flag",
            description = "A person reviewed a commission a fraud rule flagged (`flagged: true`) and lets it go on: it is "
                    + "approved by its hold period again (at once if the period is over). To refuse it, void or reject it "
                    + "instead. Takes an optional note.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = "The commission is not flagged, or no longer pending or held")
    public Transition clearFlag(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                @Parameter(description = ID) @PathVariable String id,
                                @Valid @RequestBody(required = false) ClearFlagRequest request) {
        return transition(id, commissionId -> new ClearCommissionFlag(commissionId, caller.merchantId(),
                request == null ? null : request.note()));
    }

    private Transition transition(String id, Function<String, Object> command) {
        if (!Ids.COMMISSION.matches(id)) {
            throw new NotFoundException("commission", id);
        }
        CommissionStatus status = commands.sendAndWait(command.apply(id));
        return new Transition(id, status.wireName());
    }

    private static String reason(ReasonRequest request) {
        return request == null ? null : request.reason();
    }
}
