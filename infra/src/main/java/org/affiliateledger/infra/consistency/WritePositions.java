package org.affiliateledger.infra.consistency;

import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.eventhandling.TrackingToken;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.BiFunction;

/**
 * The position in the event store of what one HTTP request recorded: every event published while the request's
 * commands ran (on the request's thread) is noted by id; once they are committed, the highest global index among them
 * is the request's position ({@code X-Ledger-Position}). On Axon Server, which has no such table and no gaps, the
 * event store's head after the write stands for it.
 */
@Component
public class WritePositions {
    static final String EVENT_IDS = WritePositions.class.getName() + ".eventIds";

    private final JdbcClient jdbc;
    private final EventStore eventStore;
    private final ObjectProvider<EventStorageEngine> storageEngine;

    public WritePositions(JdbcClient jdbc, EventStore eventStore, ObjectProvider<EventStorageEngine> storageEngine) {
        this.jdbc = jdbc;
        this.eventStore = eventStore;
        this.storageEngine = storageEngine;
        eventStore.registerDispatchInterceptor(new Noter());
    }

    /** The request's position, or empty when it recorded nothing (or nothing it published was committed). */
    public OptionalLong positionOf(RequestAttributes request) {
        if (!(storageEngine.getIfAvailable() instanceof JdbcEventStorageEngine)) {
            // Axon Server routes commands through its own threads, so the request's events cannot be noted here; its
            // positions have no gaps, and everything this write committed is at or below the head
            TrackingToken head = eventStore.createHeadToken();
            return head == null ? OptionalLong.empty() : head.position();
        }
        @SuppressWarnings("unchecked")
        List<String> ids = (List<String>) request.getAttribute(EVENT_IDS, RequestAttributes.SCOPE_REQUEST);
        if (ids == null || ids.isEmpty()) {
            return OptionalLong.empty();
        }
        Long max = jdbc.sql("SELECT max(globalindex) FROM domainevententry WHERE eventidentifier IN (:ids)")
                .param("ids", ids)
                .query((rs, n) -> rs.getObject(1, Long.class))
                .list().get(0);
        return max == null ? OptionalLong.empty() : OptionalLong.of(max);
    }

    /** Notes the ids of events published on a request's thread. */
    private static final class Noter implements MessageDispatchInterceptor<EventMessage<?>> {
        @Override
        public BiFunction<Integer, EventMessage<?>, EventMessage<?>> handle(List<? extends EventMessage<?>> messages) {
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            if (request != null) {
                @SuppressWarnings("unchecked")
                List<String> ids = (List<String>) request.getAttribute(EVENT_IDS, RequestAttributes.SCOPE_REQUEST);
                if (ids == null) {
                    ids = new ArrayList<>();
                    request.setAttribute(EVENT_IDS, ids, RequestAttributes.SCOPE_REQUEST);
                }
                for (EventMessage<?> message : messages) {
                    ids.add(message.getIdentifier());
                }
            }
            return (index, message) -> message;
        }
    }
}
