package org.affiliateledger.command.payout;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.affiliateledger.command.affiliate.AffiliateReferences;
import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Currencies;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.InstantParam;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.affiliateledger.events.payout.MarkPayoutFailed;
import org.affiliateledger.events.payout.MarkPayoutPaid;
import org.affiliateledger.events.payout.MarkPayoutSent;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutStatus;
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

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

@RestController
@RequestMapping("/api/v1/payouts")
@Tag(name = "Payouts")
public class PayoutCommandController {
    private static final String ID = "The payout's id (`pay_…`)";
    private static final String CHANGED = "The payout's status after the change";
    private static final String CONFLICT = "The payout's current status does not allow this (the detail names it)";
    private static final String REFUSED = "A payout rule refuses it: nothing to pay, a negative balance, below the "
            + "program's payout minimum, no tax form on file above the tax-form threshold, or a banned or suspended affiliate";

    private final CommandGateway commands;
    private final PayoutBatches payouts;
    private final AffiliateReferences affiliates;

    public PayoutCommandController(CommandGateway commands, PayoutBatches payouts, AffiliateReferences affiliates) {
        this.commands = commands;
        this.payouts = payouts;
        this.affiliates = affiliates;
    }

    @Schema(name = "CreatePayoutRequest")
    public record CreateRequest(
            @Schema(description = "The affiliate to pay: its id (`aff_…`) or short code") @JsonProperty("affiliate_id") @NotBlank
            String affiliateId,
            @Schema(description = "ISO-4217 code; the program's currency when omitted", example = "USD")
            @Nullable String currency) {
    }

    @Schema(name = "CreatePayoutBatchRequest")
    public record BatchRequest(
            @Schema(description = "Only balances in this currency; every currency when omitted", example = "USD")
            @Nullable String currency) {
    }

    @Schema(name = "MarkPayoutSentRequest")
    public record SentRequest(
            @Schema(description = "Your transfer id (PayPal payout, bank transfer, Wise…)", example = "po_123")
            @JsonProperty("external_reference") @Size(min = 1, max = 255) @Nullable String externalReference) {
    }

    @Schema(name = "MarkPayoutPaidRequest")
    public record PaidRequest(
            @Schema(description = "When the money arrived (ISO-8601 instant, not in the future): the payout's `paidAt` and "
                    + "the effective time of its `payout.paid` and its commissions' `commission.paid` in the history; "
                    + "now when omitted", format = "date-time", example = "2026-03-31T16:00:00Z")
            @JsonProperty("paid_at") @Nullable String paidAt) {
    }

    @Schema(name = "MarkPayoutFailedRequest")
    public record FailedRequest(
            @Schema(description = "Why, kept with the payout as `failureReason`", example = "account closed")
            @Size(max = 500) @Nullable String reason) {
    }

    /** The payout as created; the same fields {@code GET /api/v1/payouts/{id}} answers with. */
    @Schema(name = "CreatedPayout", description = "The payout as created (the fields of `Payout`)")
    public record CreatedPayout(String id, String affiliateId, @Nullable String batchId,
                                @Schema(description = "ISO-4217 code", example = "USD") String currency,
                                @Schema(description = "What the affiliate receives, in minor units: its commissions net of clawbacks")
                                long amountCents,
                                int commissionCount,
                                @Schema(description = "The commissions (and clawbacks) this payout pays") List<String> commissionIds,
                                @Schema(allowableValues = {"created"}) String status,
                                @Schema(format = "date-time") String createdAt) {
        static CreatedPayout of(PayoutCreated event) {
            return new CreatedPayout(event.payoutId(), event.affiliateId(), event.batchId(), event.currency(),
                    event.amountCents(), event.commissionIds().size(), event.commissionIds(), "created",
                    Timestamps.format(event.createdAt()));
        }
    }

    @Schema(name = "SkippedPayout", description = "An affiliate balance the batch did not pay, and why")
    public record Skipped(String affiliateId, @Schema(example = "USD") String currency,
                          @Schema(description = "The rule that refused it") String reason) {
    }

    @Schema(name = "PayoutBatch")
    public record Batch(@Schema(description = "The batch id (`pob_…`); its payouts carry it as `batchId`") String batchId,
                        List<CreatedPayout> payouts, List<Skipped> skipped) {
    }

    @Schema(name = "PayoutTransition", description = "The payout's status after the change")
    public record Transition(String id, @Schema(allowableValues = {"created", "sent", "paid", "failed"}) String status) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createPayout", summary = "Pay an affiliate its balance",
            description = "One payout of all the affiliate's approved commissions in the currency that are in no other "
                    + "payout (a failed payout's count as released), net of its clawbacks. They are reserved for this "
                    + "payout until it is paid or fails.")
    @ApiResponse(responseCode = "201", description = "Created",
            headers = @Header(name = "Location", description = "The new payout's URL", required = true,
                    schema = @Schema(type = "string", format = "uri-reference")))
    @ApiResponse(responseCode = "404", description = "No such affiliate")
    @ApiResponse(responseCode = "422", description = REFUSED)
    public ResponseEntity<CreatedPayout> create(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                                                @Valid @RequestBody CreateRequest request) {
        String affiliateId = affiliates.resolve(caller.merchantId(), request.affiliateId());
        String currency = request.currency() == null ? null : Currencies.normalise(request.currency());
        PayoutCreated created = payouts.pay(caller.merchantId(), affiliateId, currency, null);
        return ResponseEntity.created(URI.create("/api/v1/payouts/" + created.payoutId())).body(CreatedPayout.of(created));
    }

    @PostMapping("/batches")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "createPayoutBatch", summary = "Pay every affiliate its balance",
            description = "One payout per affiliate and currency with approved commissions in no other payout; the "
                    + "balances a payout rule refuses are listed under `skipped` with the reason. Each payout is created "
                    + "on its own: one refusal does not stop the others.")
    @ApiResponse(responseCode = "201", description = "The batch: its payouts and the skipped balances")
    public Batch batch(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                       @Valid @RequestBody(required = false) BatchRequest request) {
        String currency = request == null || request.currency() == null ? null : Currencies.normalise(request.currency());
        PayoutBatches.Result batch = payouts.payEveryone(caller.merchantId(), currency);
        return new Batch(batch.batchId(), batch.payouts().stream().map(CreatedPayout::of).toList(),
                batch.refused().stream().map(r -> new Skipped(r.affiliateId(), r.currency(), r.reason())).toList());
    }

    @PostMapping("/{id}/sent")
    @Operation(operationId = "markPayoutSent", summary = "Mark a payout sent",
            description = "`created` → `sent`, with your transfer's reference.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition sent(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                           @Parameter(description = ID) @PathVariable String id,
                           @Valid @RequestBody(required = false) SentRequest request) {
        return transition(id, payoutId -> new MarkPayoutSent(payoutId, caller.merchantId(),
                request == null ? null : request.externalReference()));
    }

    @PostMapping("/{id}/paid")
    @Operation(operationId = "markPayoutPaid", summary = "Mark a payout paid",
            description = "`sent` → `paid`, which is final; its commissions become `paid`. An optional `paid_at` says "
                    + "when the money arrived, if that was earlier than now.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition paid(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                           @Parameter(description = ID) @PathVariable String id,
                           @Valid @RequestBody(required = false) PaidRequest request) {
        Instant paidAt = InstantParam.notInFuture("paid_at", request == null ? null : request.paidAt(), Clock.systemUTC());
        return transition(id, payoutId -> AuditedCommands.effective(paidAt, new MarkPayoutPaid(payoutId, caller.merchantId())));
    }

    @PostMapping("/{id}/failed")
    @Operation(operationId = "markPayoutFailed", summary = "Mark a payout failed",
            description = "`created` or `sent` → `failed`, which is final; its commissions are released and a later "
                    + "payout picks them up again, even one asked for right after this answer.")
    @ApiResponse(responseCode = "200", description = CHANGED)
    @ApiResponse(responseCode = "409", description = CONFLICT)
    public Transition failed(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                             @Parameter(description = ID) @PathVariable String id,
                             @Valid @RequestBody(required = false) FailedRequest request) {
        return transition(id, payoutId -> new MarkPayoutFailed(payoutId, caller.merchantId(),
                request == null ? null : request.reason()));
    }

    /**
     * A payout that lost the race for a commission to a concurrent one is tried again: it then finds the commission
     * reserved, and pays what is left (usually nothing: 422).
     */

    private Transition transition(String id, Function<String, Object> command) {
        if (!Ids.PAYOUT.matches(id)) {
            throw new NotFoundException("payout", id);
        }
        PayoutStatus status = commands.sendAndWait(command.apply(id));
        return new Transition(id, status.wireName());
    }
}
