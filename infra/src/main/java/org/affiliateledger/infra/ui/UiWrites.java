package org.affiliateledger.infra.ui;

import org.affiliateledger.events.common.LedgerException;
import org.affiliateledger.infra.consistency.ReadModelPositions;
import org.affiliateledger.infra.consistency.WritePositions;
import org.axonframework.commandhandling.CommandExecutionException;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * After a dashboard action: wait (bounded, as the API's {@code X-Ledger-Position} does) until the read models have
 * processed the events it recorded, so the page the browser is sent back to shows the change. Also runs one action on
 * many ids, collecting each refusal with the message the API would give.
 */
@Component
public class UiWrites {
    private final WritePositions writes;
    private final ReadModelPositions reads;

    public UiWrites(WritePositions writes, ReadModelPositions reads) {
        this.writes = writes;
        this.reads = reads;
    }

    public void awaitReadModels() {
        var attributes = RequestContextHolder.getRequestAttributes();
        if (attributes != null) {
            writes.positionOf(attributes).ifPresent(reads::awaitPosition);
        }
    }

    /** What a bulk action did: how many succeeded, and each refusal as "id: message". */
    public record Outcome(int done, List<String> refused) {
    }

    public Outcome each(List<String> ids, Consumer<String> action) {
        int done = 0;
        List<String> refused = new ArrayList<>();
        for (String id : ids) {
            try {
                action.accept(id);
                done++;
            } catch (LedgerException e) {
                refused.add(id + ": " + e.getMessage());
            } catch (CommandExecutionException e) {
                refused.add(id + ": " + (e.getCause() instanceof LedgerException ledger ? ledger.getMessage() : "refused"));
            }
        }
        awaitReadModels();
        return new Outcome(done, refused);
    }
}
