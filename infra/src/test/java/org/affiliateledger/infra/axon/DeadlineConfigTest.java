package org.affiliateledger.infra.axon;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import org.affiliateledger.infra.support.LedgerIntegrationTest;
import org.axonframework.deadline.DeadlineManager;
import org.axonframework.deadline.dbscheduler.DbSchedulerDeadlineManager;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * New deadlines are plain inserts into db-scheduler's table: no look-up first (an id already taken is refused, where
 * "schedule if it does not exist" would have looked it up and let it be). Deadlines firing, surviving restarts and being
 * cancelled are the lifecycle tests' ({@code CommissionHoldRestartTest}, the hold-period flows).
 */
class DeadlineConfigTest extends LedgerIntegrationTest {
    private static final String TASK = "ledger-test-deadline";

    @Autowired
    Scheduler scheduler;
    @Autowired
    DeadlineManager deadlineManager;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ApplicationContext context;

    @Test
    void insertsANewDeadlineWithoutLookingItUpFirst() {
        Scheduler inserting = DeadlineConfig.insertingNewDeadlines(scheduler);
        String id = UUID.randomUUID().toString();
        Instant due = Instant.parse("2100-01-01T00:00:00Z");
        try {
            inserting.schedule(new TaskInstance<>(TASK, id), due);
            assertThat(jdbc.queryForObject("SELECT execution_time FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?",
                    Timestamp.class, TASK, id).toInstant()).isEqualTo(due);

            assertThatThrownBy(() -> inserting.schedule(new TaskInstance<>(TASK, id), due.plusSeconds(60)))
                    .isInstanceOf(RuntimeException.class);
            // everything else is db-scheduler's own
            inserting.cancel(new TaskInstance<>(TASK, id));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM scheduled_tasks WHERE task_instance = ?", Long.class, id)).isZero();
        } finally {
            jdbc.update("DELETE FROM scheduled_tasks WHERE task_name = ? AND task_instance = ?", TASK, id);
        }
    }

    @Test
    void isTheOneDeadlineManagerOfTheLedger() {
        assertThat(context.getBeanNamesForType(DeadlineManager.class)).hasSize(1);
        assertThat(deadlineManager).isInstanceOf(DbSchedulerDeadlineManager.class);
    }
}
