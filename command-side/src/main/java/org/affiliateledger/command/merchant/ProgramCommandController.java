package org.affiliateledger.command.merchant;

import com.fasterxml.jackson.annotation.JsonProperty;
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
public class ProgramCommandController {
    private final CommandGateway commands;

    public ProgramCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    public record ChangeRequest(@JsonProperty("default_rate") String defaultRate) {
    }

    @PatchMapping("/api/v1/program")
    public ProgramSettings change(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @RequestBody ChangeRequest request) {
        CommissionRate rate = request.defaultRate() == null ? null : CommissionRate.of(request.defaultRate());
        return commands.sendAndWait(new ChangeProgramSettings(caller.merchantId(), rate));
    }
}
