package org.affiliateledger.infra.consistency;

import org.affiliateledger.infra.axon.AppendedPositions;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStorageEngine;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.eventsourcing.eventstore.jdbc.JdbcEventStorageEngine;
import org.axonframework.messaging.MessageDispatchInterceptor;
import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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
    private static final String CAPTURED = WritePositions.class.getName() + ".captured";
    private static final String COMMITTING = WritePositions.class.getName() + ".committing";
    private static final Logger log = LoggerFactory.getLogger(WritePositions.class);

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
        Captured captured = (Captured) request.getAttribute(CAPTURED, RequestAttributes.SCOPE_REQUEST);
        if (captured != null && captured.covered == ids.size()) {
            return OptionalLong.of(captured.position);
        }
        Long max = highest(ids);
        return max == null ? OptionalLong.empty() : OptionalLong.of(max);
    }

    private Long highest(List<String> ids) {
        return jdbc.sql("SELECT max(globalindex) FROM domainevententry WHERE eventidentifier IN (:ids)")
                .param("ids", ids)
                .query((rs, n) -> rs.getObject(1, Long.class))
                .list().get(0);
    }

    /** The highest position of the events committed so far, and how many of the request's noted events it covers. */
    private static final class Captured {
        long position = Long.MIN_VALUE;
        int covered;
    }

    /**
     * Notes the ids of events published on a request's thread. Axon calls it in the unit of work's prepare-commit phase,
     * just before it appends them; the highest position among them is then read in the same transaction, just before
     * it commits (a commit handler registered after the transaction's own runs before it), so the header costs no
     * second connection from the pool after the write (a JFR profile of W at 32 clients found the request threads waiting
     * a third of their time for a pooled connection, a third of that for this lookup after the commit).
     */
    private final class Noter implements MessageDispatchInterceptor<EventMessage<?>> {
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
                if (CurrentUnitOfWork.isStarted()) {
                    UnitOfWork<?> root = CurrentUnitOfWork.get().root();
                    List<String> committing = root.getOrComputeResource(COMMITTING, key -> {
                        List<String> noted = new ArrayList<>();
                        root.onCommit(unitOfWork -> capture(request, noted, unitOfWork));
                        // a commit that fails after the capture: positionOf looks up what did commit instead
                        root.onRollback(unitOfWork -> request.removeAttribute(CAPTURED, RequestAttributes.SCOPE_REQUEST));
                        return noted;
                    });
                    for (EventMessage<?> message : messages) {
                        committing.add(message.getIdentifier());
                    }
                }
            }
            return (index, message) -> message;
        }

        /**
         * The position is usually the one the event store noted as it appended them ({@link AppendedPositions}: no
         * statement); else they are looked up. Without a captured position, {@link #positionOf} looks the events up
         * itself after the commit. (A statement that failed here would also fail the transaction's commit; this one
         * reads one unique index.)
         */
        private void capture(RequestAttributes request, List<String> ids, UnitOfWork<?> unitOfWork) {
            try {
                OptionalLong appended = AppendedPositions.highestOf(unitOfWork, ids.size());
                Long max = appended.isPresent() ? Long.valueOf(appended.getAsLong()) : highest(ids);
                if (max != null) {
                    Captured captured = (Captured) request.getAttribute(CAPTURED, RequestAttributes.SCOPE_REQUEST);
                    if (captured == null) {
                        captured = new Captured();
                        request.setAttribute(CAPTURED, captured, RequestAttributes.SCOPE_REQUEST);
                    }
                    captured.position = Math.max(captured.position, max);
                    captured.covered += ids.size();
                }
            } catch (RuntimeException e) {
                log.debug("position not captured before the commit; looked up after it", e);
            }
        }
    }
}
