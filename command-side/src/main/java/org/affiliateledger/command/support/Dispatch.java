package org.affiliateledger.command.support;

import org.axonframework.commandhandling.GenericCommandMessage;
import org.axonframework.modelling.command.Aggregate;

/**
 * How a coordinator hands a command to the {@code @CommandHandler} of an aggregate it loaded: in its own unit of work
 * (one transaction, one event-store append, the same audit metadata), without a second trip through the command bus.
 * A refusal is the handler's exception, thrown before it applied anything.
 */
public final class Dispatch {
    private Dispatch() {
    }

    /** Runs {@code command} on {@code aggregate}'s handler for it and returns that handler's answer. */
    @SuppressWarnings("unchecked")
    public static <R> R to(Aggregate<?> aggregate, Object command) throws Exception {
        return (R) aggregate.handle(GenericCommandMessage.asCommandMessage(command));
    }
}
