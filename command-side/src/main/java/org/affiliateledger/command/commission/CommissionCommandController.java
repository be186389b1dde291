package org.affiliateledger.command.commission;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import org.affiliateledger.events.commission.ApproveCommission;
import org.affiliateledger.events.commission.CommissionStatus;
import org.affiliateledger.events.commission.PayCommission;
import org.affiliateledger.events.commission.RejectCommission;
import org.affiliateledger.events.commission.VoidCommission;
import org.affiliateledger.events.common.ApiCaller;
import org.affiliateledger.events.common.Ids;
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
public class CommissionCommandController {
    private final CommandGateway commands;

    public CommissionCommandController(CommandGateway commands) {
        this.commands = commands;
    }

    public record ReasonRequest(@Size(max = 500) String reason) {
    }

    public record PayRequest(@Size(min = 1, max = 255) String reference) {
    }

    public record Transition(String id, String status) {
    }

    @PostMapping("/approve")
    public Transition approve(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id) {
        return transition(id, commissionId -> new ApproveCommission(commissionId, caller.merchantId()));
    }

    @PostMapping("/reject")
    public Transition reject(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                             @Valid @RequestBody(required = false) ReasonRequest request) {
        return transition(id, commissionId -> new RejectCommission(commissionId, caller.merchantId(), reason(request)));
    }

    @PostMapping("/void")
    public Transition voidCommission(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                                     @Valid @RequestBody(required = false) ReasonRequest request) {
        return transition(id, commissionId -> new VoidCommission(commissionId, caller.merchantId(), reason(request)));
    }

    /** approved → paid, for merchants who pay outside the ledger; {@code reference} is their payment reference. */
    @PostMapping("/pay")
    public Transition pay(@RequestAttribute(ApiCaller.ATTRIBUTE) ApiCaller caller, @PathVariable String id,
                          @Valid @RequestBody(required = false) PayRequest request) {
        return transition(id, commissionId -> new PayCommission(commissionId, caller.merchantId(),
                request == null ? null : request.reference()));
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
