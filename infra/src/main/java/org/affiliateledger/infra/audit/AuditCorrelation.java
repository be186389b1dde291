package org.affiliateledger.infra.audit;

import org.affiliateledger.events.common.AuditMetadata;
import org.axonframework.deadline.DeadlineMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.messaging.Message;
import org.axonframework.messaging.MetaData;
import org.axonframework.messaging.correlation.CorrelationDataProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * What every message created while another is handled inherits from it: Axon's correlation data, the ledger's way.
 * Replaces Axon's default {@code MessageOriginProvider} (whose {@code correlationId} is the parent's id and
 * {@code traceId} the root's) with the usual meaning of the words, and walks the causation from event to event so the
 * history can be followed both ways without the commands in between:
 * <ul>
 *   <li>{@code correlationId}: the parent's correlation id, or the parent's own id when it starts a chain;</li>
 *   <li>{@code causationId}: handling an event (a saga), the event's id; handling a command, the command's own
 *   causation (the event a saga reacted to) or, for a command from an edge (HTTP, Stripe), the command's id;
 *   handling a deadline, the event whose handling scheduled it;</li>
 *   <li>{@code actor}, {@code requestId}: copied from the parent. A deadline is the {@code schedule}'s doing and
 *   carries no request id (the request that scheduled it ended long ago);</li>
 *   <li>{@code effectiveAt}: copied from the parent; handling an event, the event's own effective time (its
 *   timestamp when it has none), so what a saga does in reaction takes effect when its cause did.</li>
 * </ul>
 * Edges set actor, request id and effective time on the commands they send (EdgeCommandAudit, the Stripe ingestion,
 * the sagas); this provider carries them onto the events those commands cause.
 */
public class AuditCorrelation implements CorrelationDataProvider {

    @Override
    public Map<String, ?> correlationDataFor(Message<?> message) {
        MetaData parent = message.getMetaData();
        Map<String, Object> data = new HashMap<>(8);
        Object correlation = parent.get(AuditMetadata.CORRELATION_ID);
        data.put(AuditMetadata.CORRELATION_ID, correlation != null ? correlation : message.getIdentifier());
        if (message instanceof DeadlineMessage) {
            data.put(AuditMetadata.CAUSATION_ID, parent.getOrDefault(AuditMetadata.CAUSATION_ID, message.getIdentifier()));
            data.put(AuditMetadata.ACTOR, AuditMetadata.SCHEDULE);
            return data;
        }
        if (message instanceof EventMessage<?> event) {
            data.put(AuditMetadata.CAUSATION_ID, message.getIdentifier());
            data.put(AuditMetadata.EFFECTIVE_AT,
                    parent.getOrDefault(AuditMetadata.EFFECTIVE_AT, event.getTimestamp().toString()));
        } else {
            data.put(AuditMetadata.CAUSATION_ID, parent.getOrDefault(AuditMetadata.CAUSATION_ID, message.getIdentifier()));
            copy(parent, AuditMetadata.EFFECTIVE_AT, data);
        }
        copy(parent, AuditMetadata.ACTOR, data);
        copy(parent, AuditMetadata.REQUEST_ID, data);
        return data;
    }

    private static void copy(MetaData from, String key, Map<String, Object> to) {
        Object value = from.get(key);
        if (value != null) {
            to.put(key, value);
        }
    }
}
