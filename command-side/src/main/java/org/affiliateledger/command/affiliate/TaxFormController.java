package org.affiliateledger.command.affiliate;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.affiliateledger.events.affiliate.SubmitTaxForm;
import org.affiliateledger.events.affiliate.TaxForms;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
import org.affiliateledger.events.common.NotFoundException;
import org.affiliateledger.events.common.Timestamps;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/** The affiliate's tax form on file: only the fact (type, date received) is recorded, never the document. */
@RestController
@RequestMapping("/api/v1/affiliates/{id}/tax-form")
@Tag(name = "Affiliates")
public class TaxFormController {
    private final CommandGateway commands;

    public TaxFormController(CommandGateway commands) {
        this.commands = commands;
    }

    @Schema(name = "SubmitTaxFormRequest")
    public record TaxFormRequest(
            @Schema(description = "The form received", allowableValues = {"W-9", "W-8BEN", "W-8BEN-E", "W-8ECI", "W-8EXP", "W-8IMY"})
            @JsonProperty("form_type") @NotBlank String formType,
            @Schema(description = "When you received it; not in the future", format = "date", example = "2026-11-01")
            @JsonProperty("received_on") @NotNull LocalDate receivedOn) {
    }

    @Schema(name = "TaxForm", description = "The tax form on file")
    public record TaxFormView(String affiliateId,
                              @Schema(allowableValues = {"W-9", "W-8BEN", "W-8BEN-E", "W-8ECI", "W-8EXP", "W-8IMY"}) String formType,
                              @Schema(format = "date") String receivedOn,
                              @Schema(format = "date-time") String submittedAt) {
    }

    @PostMapping
    @Operation(operationId = "submitAffiliateTaxForm", summary = "Record an affiliate's tax form",
            description = "Records that you hold the affiliate's tax form (a newer one replaces the one on file). Payouts "
                    + "above the program's `tax_form_threshold_cents` in a calendar year need one.")
    @ApiResponse(responseCode = "200", description = "Recorded; the tax form now on file")
    @ApiResponse(responseCode = "409", description = "The affiliate is banned")
    public TaxFormView submit(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller,
                              @Parameter(description = "The affiliate's id (`aff_…`)") @PathVariable String id,
                              @Valid @RequestBody TaxFormRequest request) {
        if (!Ids.AFFILIATE.matches(id)) {
            throw new NotFoundException("affiliate", id);
        }
        String formType = TaxForms.normalise(request.formType());
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        commands.sendAndWait(new SubmitTaxForm(id, caller.merchantId(), formType, request.receivedOn(), now));
        return new TaxFormView(id, formType, request.receivedOn().toString(), Timestamps.format(now));
    }
}
