package org.affiliateledger.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.List;

/**
 * How projectors write their rows. Inside an event processor's batch (an Axon unit of work) the statements are kept
 * in order and sent when the batch commits, consecutive statements of the same SQL as one JDBC batch: one round trip
 * for a run of inserts instead of one per event, which is what lets a rebuild go at the database's batch speed. They
 * run in the batch's transaction, before it commits together with the processor's token, so a failure rolls back
 * both and the batch is retried as before. Outside a unit of work a statement runs at once.
 * <p>
 * A handler must not read rows that earlier events of the same batch wrote: they are not in the database until the
 * batch flushes. (No projector reads during handling today; one that needs to can call {@link #flush()} first.)
 */
@Component
public class ProjectionWriter {
    private static final String PENDING = ProjectionWriter.class.getName() + ".pending";

    private final JdbcTemplate jdbc;

    public ProjectionWriter(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues (or, outside a batch, runs) one statement with its positional parameters. */
    public void write(String sql, Object... params) {
        if (!CurrentUnitOfWork.isStarted()) {
            jdbc.update(sql, params);
            return;
        }
        UnitOfWork<?> batch = CurrentUnitOfWork.get().root();
        Pending pending = batch.getOrComputeResource(PENDING, key -> {
            Pending created = new Pending();
            batch.onPrepareCommit(unitOfWork -> created.flush(jdbc));
            return created;
        });
        pending.add(sql, params);
    }

    /** Queues (or runs) one row change a projection described (see {@link RowProjection}). */
    public void write(RowChange change) {
        write(change.sql(), change.params());
    }

    /** Sends what the current batch has queued so far. */
    public void flush() {
        if (CurrentUnitOfWork.isStarted()) {
            Pending pending = CurrentUnitOfWork.get().root().getResource(PENDING);
            if (pending != null) {
                pending.flush(jdbc);
            }
        }
    }

    /** The statements of one batch, in the order the events produced them. */
    private static final class Pending {
        private final List<String> sql = new ArrayList<>();
        private final List<Object[]> params = new ArrayList<>();

        void add(String statement, Object[] values) {
            sql.add(statement);
            params.add(values);
        }

        /** Runs of the same SQL go as one JDBC batch; order across different statements is kept. */
        void flush(JdbcTemplate jdbc) {
            int start = 0;
            while (start < sql.size()) {
                int end = start + 1;
                while (end < sql.size() && sql.get(end).equals(sql.get(start))) {
                    end++;
                }
                if (end - start == 1) {
                    jdbc.update(sql.get(start), params.get(start));
                } else {
                    jdbc.batchUpdate(sql.get(start), params.subList(start, end));
                }
                start = end;
            }
            sql.clear();
            params.clear();
        }
    }
}
