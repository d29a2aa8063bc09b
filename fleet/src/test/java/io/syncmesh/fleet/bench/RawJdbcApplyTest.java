package io.syncmesh.fleet.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.syncmesh.devstack.DevStack;

/** The raw baseline against the real PostgreSQL: it must do the work it claims, or its figure means nothing. */
class RawJdbcApplyTest {

    private static Connection connection;

    @BeforeAll
    static void prepare() throws Exception {
        connection = DevStack.shared().postgres().createUniqueDatabase().connect();
        RawJdbcApply.prepare(connection);
    }

    @AfterAll
    static void close() throws Exception {
        connection.close();
    }

    @Test
    void everyChangeLeavesItsEntityHistoryChangeLogAndAppliedOutcome() throws Exception {
        Workload workload = Workload.creates("t-all", 250, 100, 16, 1);

        RawJdbcApply.apply(connection, workload);

        assertThat(RawJdbcApply.counts(connection, "t-all")).containsExactly(250, 250, 250);
        assertThat(single("SELECT count(*) FROM bench_raw.entity_history WHERE tenant = 't-all'")).isEqualTo("250");
        BenchChange first = workload.sends().get(0).changes().get(0);
        assertThat(single("SELECT fields->>'title' || ' v' || version FROM bench_raw.entity WHERE entity_id = '"
                + first.entityId() + "'")).isEqualTo(first.value() + " v1");
    }

    @Test
    void aReplayedBatchWritesNothing() throws Exception {
        Workload workload = Workload.creates("t-replay", 100, 50, 16, 2);
        RawJdbcApply.apply(connection, workload);

        RawJdbcApply.apply(connection, workload);

        assertThat(RawJdbcApply.counts(connection, "t-replay")).containsExactly(100, 100, 100);
        assertThat(single("SELECT count(*) FROM bench_raw.entity_history WHERE tenant = 't-replay'")).isEqualTo("100");
    }

    @Test
    void aCreateOfAnEntityThatExistsIsRejectedAndChangesNothing() throws Exception {
        Workload original = Workload.creates("t-version", 1, 1, 16, 3);
        BenchChange existing = original.sends().get(0).changes().get(0);
        RawJdbcApply.apply(connection, original);
        Workload again = new Workload("t-version", List.of(new Workload.Batch("d", List.of(BenchChange.create(
                "another-change", existing.entityId(), "OVERWRITE")))));

        RawJdbcApply.apply(connection, again);

        assertThat(single("SELECT status FROM bench_raw.change_outcome WHERE change_id = 'another-change'"))
                .isEqualTo("rejected");
        assertThat(single("SELECT fields->>'title' || ' v' || version FROM bench_raw.entity WHERE entity_id = '"
                + existing.entityId() + "'")).isEqualTo(existing.value() + " v1");
        assertThat(RawJdbcApply.counts(connection, "t-version")).containsExactly(1, 1, 1);
    }

    @Test
    void updatesAreRefusedRatherThanPretendedToBeApplied() {
        Workload update = new Workload("t-update", List.of(new Workload.Batch("d", List.of(new BenchChange("u-1",
                "n-1", 1, "title", "X")))));

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RawJdbcApply.apply(connection, update))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String single(String sql) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).as(sql).isTrue();
            return rows.getString(1);
        }
    }
}
