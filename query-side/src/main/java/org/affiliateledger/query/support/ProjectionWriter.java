package org.affiliateledger.query.support;

import org.axonframework.messaging.unitofwork.CurrentUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How projectors write their rows. Inside an event processor's batch (an Axon unit of work) the statements are kept
 * and sent when the batch commits, grouped by table and each table's in order ({@link Pending}), consecutive
 * statements of the same SQL as one JDBC batch: one round trip for a run of inserts instead of one per event, which is
 * what lets a rebuild go at the database's batch speed. They run in the batch's transaction, before it commits together with the processor's token, so a failure rolls back
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
            Pending created = new Pending(segmentOf(batch));
            batch.onPrepareCommit(unitOfWork -> created.flush(jdbc));
            return created;
        });
        pending.add(sql, params);
    }

    /** Queues (or runs) one row change a projection described (see {@link RowProjection}). */
    public void write(RowChange change) {
        write(change.sql(), change.params());
    }

    /**
     * The segment of the event processor running this batch: Axon's tracking processors keep it among the unit of
     * work's resources as {@code Processor[<name>]/SegmentId}. Null outside such a processor.
     */
    static Integer segmentOf(UnitOfWork<?> batch) {
        for (Map.Entry<String, Object> resource : batch.resources().entrySet()) {
            if (resource.getKey().startsWith("Processor[") && resource.getKey().endsWith("]/SegmentId")
                    && resource.getValue() instanceof Integer segment) {
                return segment;
            }
        }
        return null;
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

    /**
     * The statements of one batch, in the order the events produced them. Sent grouped by the table each writes, in
     * the order the tables first appear, each table's statements in their own order: every statement writes one table
     * and reads none of the others (the event table aside), so statements on different tables commute, while a row's
     * insert and later updates keep their order. Grouping makes the runs long: the events of a batch alternate between
     * tables (a conversion, its commission, the next conversion, ...), which in plain order made nearly every statement
     * a round trip of its own (a rebuild's projections waited on the database for most of their time, JFR), and fired
     * the tables' statement triggers once per row instead of once per run. A statement whose table cannot be told, or
     * that reads another table, is a barrier: what came before it is sent first. A foreign key or a trigger that reads
     * another table would be such a read too: the read-model tables have none (triggers read only their own transition
     * tables), and one added later must keep its statements apart, or make them barriers.
     */
    static final class Pending {
        /**
         * The segment's shard of the conversions and commissions totals (V152): the tables' triggers add this batch's
         * rows to it, so two segments never wait on each other's totals rows. Set once, for the batch's transaction.
         */
        static final String SHARD_SETTING = "SELECT set_config('ledger.totals_shard', ?, true)";

        private final Integer segment;
        private final List<String> sql = new ArrayList<>();
        private final List<Object[]> params = new ArrayList<>();
        private boolean shardSet;

        Pending(Integer segment) {
            this.segment = segment;
        }

        void add(String statement, Object[] values) {
            sql.add(statement);
            params.add(values);
        }

        void flush(JdbcTemplate jdbc) {
            if (segment != null && !shardSet && !sql.isEmpty()) {
                jdbc.queryForObject(SHARD_SETTING, String.class, segment.toString());
                shardSet = true;
            }
            flush(run -> {
                if (run.params().size() == 1) {
                    jdbc.update(run.sql(), run.params().get(0));
                } else {
                    jdbc.batchUpdate(run.sql(), run.params());
                }
            });
        }

        /** Hands over the runs to send, in the order they must go (see the class comment). */
        void flush(java.util.function.Consumer<Run> send) {
            Map<String, List<Integer>> byTable = new LinkedHashMap<>();
            for (int i = 0; i < sql.size(); i++) {
                String table = tableOf(sql.get(i));
                if (table == null) {
                    sendGrouped(byTable, send);
                    send.accept(new Run(sql.get(i), List.<Object[]>of(params.get(i))));
                } else {
                    byTable.computeIfAbsent(table, t -> new ArrayList<>()).add(i);
                }
            }
            sendGrouped(byTable, send);
            sql.clear();
            params.clear();
        }

        /** Each table's statements in order, consecutive ones of the same SQL as one run. */
        private void sendGrouped(Map<String, List<Integer>> byTable, java.util.function.Consumer<Run> send) {
            for (List<Integer> statements : byTable.values()) {
                int start = 0;
                while (start < statements.size()) {
                    String statement = sql.get(statements.get(start));
                    List<Object[]> run = new ArrayList<>();
                    int end = start;
                    while (end < statements.size() && sql.get(statements.get(end)).equals(statement)) {
                        run.add(params.get(statements.get(end)));
                        end++;
                    }
                    send.accept(new Run(statement, run));
                    start = end;
                }
            }
            byTable.clear();
        }
    }

    /** Consecutive statements of the same SQL, sent as one JDBC batch. */
    record Run(String sql, List<Object[]> params) {
    }

    private static final Pattern WRITTEN_TABLE =
            Pattern.compile("^\\s*(?:INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+([A-Za-z_][A-Za-z0-9_]*)[\\s(]", Pattern.CASE_INSENSITIVE);
    private static final Map<String, Optional<String>> TABLES = new ConcurrentHashMap<>();

    /** The one table a statement writes, or null when it cannot be told or the statement reads another table. */
    static String tableOf(String statement) {
        return TABLES.computeIfAbsent(statement, s -> {
            Matcher written = WRITTEN_TABLE.matcher(s);
            // the event table's position lookup is the one read a projection statement may make (EventPositions)
            boolean readsATable = s.replace(EventPositions.POSITION_LOOKUP, "").toUpperCase(Locale.ROOT).contains("SELECT");
            return written.find() && !readsATable ? Optional.of(written.group(1).toLowerCase(Locale.ROOT)) : Optional.empty();
        }).orElse(null);
    }
}
