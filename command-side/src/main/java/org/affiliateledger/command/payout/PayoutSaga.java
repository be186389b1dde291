package org.affiliateledger.command.payout;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.JsonIgnore;
import org.affiliateledger.command.support.AuditedCommands;
import org.affiliateledger.events.commission.PayCommissionThroughPayout;
import org.affiliateledger.events.commission.ReleaseCommissionFromPayout;
import org.affiliateledger.events.common.AuditMetadata;
import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.events.payout.PayoutCreated;
import org.affiliateledger.events.payout.PayoutFailed;
import org.affiliateledger.events.payout.PayoutPaid;
import org.axonframework.commandhandling.CommandExecutionException;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.axonframework.modelling.saga.EndSaga;
import org.axonframework.modelling.saga.SagaEventHandler;
import org.axonframework.modelling.saga.StartSaga;
import org.axonframework.spring.stereotype.Saga;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;

import java.util.ArrayList;
import java.util.List;

/**
 * A payout's commissions follow it: when the payout is paid each of them is paid (CommissionPaid, with the payout's
 * external reference); when it fails each is released for a later payout. The
 * saga only coordinates: it remembers the commission ids and sends commands; the Commission aggregate decides.
 */
@Saga
@JsonAutoDetect(fieldVisibility = JsonAutoDetect.Visibility.ANY, getterVisibility = JsonAutoDetect.Visibility.NONE,
        isGetterVisibility = JsonAutoDetect.Visibility.NONE, setterVisibility = JsonAutoDetect.Visibility.NONE)
public class PayoutSaga {
    private static final Logger log = LoggerFactory.getLogger(PayoutSaga.class);
    static final String ACTOR = AuditMetadata.saga("payout");

    @JsonIgnore
    private transient CommandGateway commandGateway;

    private String payoutId;
    private String merchantId;
    private List<String> commissionIds = new ArrayList<>();

    @Autowired
    public void setCommandGateway(CommandGateway commandGateway) {
        this.commandGateway = commandGateway;
    }

    @StartSaga
    @SagaEventHandler(associationProperty = "payoutId")
    void on(PayoutCreated event) {
        payoutId = event.payoutId();
        merchantId = event.merchantId();
        commissionIds = new ArrayList<>(event.commissionIds());
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "payoutId")
    void on(PayoutPaid event) {
        // the commission's externalReference is the payout's; which payout paid it, its payoutId already says
        for (String commissionId : commissionIds) {
            send(new PayCommissionThroughPayout(commissionId, merchantId, payoutId, event.externalReference()));
        }
    }

    @EndSaga
    @SagaEventHandler(associationProperty = "payoutId")
    void on(PayoutFailed event) {
        for (String commissionId : commissionIds) {
            send(new ReleaseCommissionFromPayout(commissionId, merchantId, payoutId, event.reason()));
        }
    }

    private void send(Object command) {
        try {
            commandGateway.sendAndWait(AuditedCommands.by(ACTOR, command));
        } catch (LedgerException | CommandExecutionException e) {
            // a refusal is final (the commission decides); retrying would refuse again. Anything else propagates and
            // the event is handled again, which the commands tolerate (paying or releasing twice changes nothing).
            log.warn("payout {}: {} refused: {}", payoutId, command.getClass().getSimpleName(), e.getMessage());
        }
    }
}
