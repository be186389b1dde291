package org.affiliateledger.query.support;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionWriterTest {
    private static final String INSERT_CONVERSION = "INSERT INTO conversions (id) VALUES (?)";
    private static final String UPDATE_CONVERSION = "UPDATE conversions SET status = ? WHERE commission_id = ?";
    private static final String INSERT_COMMISSION = "INSERT INTO commissions (id) VALUES (?)";

    @Test
    void sendsAlternatingTablesAsOneRunPerTableInTheOrderTheTablesFirstAppear() {
        ProjectionWriter.Pending pending = new ProjectionWriter.Pending(null);
        pending.add(INSERT_CONVERSION, new Object[]{"cv1"});
        pending.add(INSERT_COMMISSION, new Object[]{"cm1"});
        pending.add(INSERT_CONVERSION, new Object[]{"cv2"});
        pending.add(INSERT_COMMISSION, new Object[]{"cm2"});

        assertThat(runs(pending)).containsExactly(
                INSERT_CONVERSION + " [cv1, cv2]",
                INSERT_COMMISSION + " [cm1, cm2]");
    }

    @Test
    void keepsEachTablesStatementsInTheirOwnOrder() {
        ProjectionWriter.Pending pending = new ProjectionWriter.Pending(null);
        pending.add(INSERT_CONVERSION, new Object[]{"cv1"});
        pending.add(INSERT_COMMISSION, new Object[]{"cm1"});
        pending.add(UPDATE_CONVERSION, new Object[]{"approved", "cm1"});
        pending.add(INSERT_CONVERSION, new Object[]{"cv2"});

        assertThat(runs(pending)).containsExactly(
                INSERT_CONVERSION + " [cv1]",
                UPDATE_CONVERSION + " [approved, cm1]",
                INSERT_CONVERSION + " [cv2]",
                INSERT_COMMISSION + " [cm1]");
    }

    @Test
    void aStatementThatReadsAnotherTableSendsEverythingBeforeItFirst() {
        String reading = "UPDATE commissions SET total = (SELECT sum(amount_cents) FROM conversions) WHERE id = ?";
        ProjectionWriter.Pending pending = new ProjectionWriter.Pending(null);
        pending.add(INSERT_CONVERSION, new Object[]{"cv1"});
        pending.add(INSERT_COMMISSION, new Object[]{"cm1"});
        pending.add(reading, new Object[]{"cm1"});
        pending.add(INSERT_CONVERSION, new Object[]{"cv2"});

        assertThat(runs(pending)).containsExactly(
                INSERT_CONVERSION + " [cv1]",
                INSERT_COMMISSION + " [cm1]",
                reading + " [cm1]",
                INSERT_CONVERSION + " [cv2]");
    }

    @Test
    void tellsTheTableAStatementWritesAndAcceptsTheEventPositionLookup() {
        assertThat(ProjectionWriter.tableOf("  insert into balance_entries (a, position) VALUES (?, "
                + EventPositions.POSITION_LOOKUP + ")")).isEqualTo("balance_entries");
        assertThat(ProjectionWriter.tableOf("UPDATE program SET hold_days = ? WHERE merchant_id = ?")).isEqualTo("program");
        assertThat(ProjectionWriter.tableOf("DELETE FROM payout_lines WHERE payout_id = ?")).isEqualTo("payout_lines");
        assertThat(ProjectionWriter.tableOf("SELECT 1")).isNull();
        assertThat(ProjectionWriter.tableOf("INSERT INTO a (x) SELECT x FROM b")).isNull();
    }

    private static List<String> runs(ProjectionWriter.Pending pending) {
        List<String> runs = new ArrayList<>();
        pending.flush(run -> runs.add(run.sql() + " " + run.params().stream()
                .map(java.util.Arrays::toString).map(p -> p.substring(1, p.length() - 1)).toList()));
        return runs;
    }
}
