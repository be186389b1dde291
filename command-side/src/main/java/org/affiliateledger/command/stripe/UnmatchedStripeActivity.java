package org.affiliateledger.command.stripe;

import org.affiliateledger.events.conversion.RecordUnmatchedStripeActivity;
import org.affiliateledger.events.conversion.StripeActivityUnmatched;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventhandling.EventBus;
import org.axonframework.eventhandling.GenericEventMessage;
import org.springframework.stereotype.Component;

/**
 * Records a refund or dispute of a charge no conversion has as {@link StripeActivityUnmatched}: an event of no
 * aggregate, published in the command's unit of work so that it carries the Stripe event as its actor, the request
 * and the refund's or dispute's own time as its effective time, like every other event.
 */
@Component
public class UnmatchedStripeActivity {
    private final EventBus events;

    public UnmatchedStripeActivity(EventBus events) {
        this.events = events;
    }

    @CommandHandler
    public void handle(RecordUnmatchedStripeActivity command) {
        events.publish(GenericEventMessage.asEventMessage(new StripeActivityUnmatched(command.merchantId(),
                command.activity(), command.chargeId(), command.objectId(), command.amountCents(), command.currency())));
    }
}
