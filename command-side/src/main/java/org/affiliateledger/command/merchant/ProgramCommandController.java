package org.affiliateledger.command.merchant;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.CommissionRate;
import org.affiliateledger.events.merchant.ChangeProgramSettings;
import org.affiliateledger.events.merchant.ProgramSettings;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** {@code PATCH /api/v1/program}: the program settings, one resource. Needs the {@code admin} scope. */
@RestController
@Tag(name = "Program")
public class ProgramCommandController {
    private final CommandGateway commands;

    public ProgramCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    @Schema(name = "ChangeProgramRequest", description = "Only the fields given change")
    public record ChangeRequest(
            @Schema(description = "Percent (0–100, up to four decimals) for affiliates without an override", example = "12.5")
            @JsonProperty("default_rate") String defaultRate) {
    }

    @PatchMapping("/api/v1/program")
    @Operation(operationId = "changeProgram", summary = "Change the program settings",
            description = "A new default rate applies to conversions recorded from now on.")
    public ProgramSettings change(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @RequestBody ChangeRequest request) {
        CommissionRate rate = request.defaultRate() == null ? null : CommissionRate.of(request.defaultRate());
        return commands.sendAndWait(new ChangeProgramSettings(caller.merchantId(), rate));
    }
}
