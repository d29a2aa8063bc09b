package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;

class PostgresProviderTest {

    /** The machine's PostgreSQL 15 (trust auth, TOOLING.md); a developer may point the test elsewhere. */
    private static final String CONFIGURED_URL = System.getenv().getOrDefault(PostgresProvider.URL_ENV,
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    @Test
    void withoutAConfiguredUrlAndWithoutDockerTheEmbeddedServerIsUsedAndANewDatabaseAnswersSelectOne()
            throws SQLException {
        try (PostgresServer server = PostgresProvider.obtain(Map.of(), new Properties(), () -> false, null)) {
            assertThat(server.description()).startsWith("embedded PostgreSQL");
            PostgresDatabase db = server.createUniqueDatabase();

            assertThat(db.name()).matches("syncmesh_test_\\d+_[a-z0-9]{8}");
            assertThat(db.reactiveUrl()).isEqualTo("postgresql://127.0.0.1:" + server.port() + "/" + db.name());
            assertThat(db.jdbcUrl()).isEqualTo("jdbc:" + db.reactiveUrl());
            assertThat(queryOne(db, "select 1")).isEqualTo("1");
        }
    }

    @Test
    void anEmbeddedServerRestartedKeepsItsPortAndCommittedRowsAndCutsOpenSessions() throws SQLException {
        try (PostgresServer server = PostgresProvider.obtain(Map.of(), new Properties(), () -> false, null)) {
            PostgresDatabase db = server.createUniqueDatabase();
            try (Connection before = db.connect()) {
                before.createStatement().execute("create table t (v text); insert into t values ('kept')");

                server.restart();

                assertThatThrownBy(() -> before.createStatement().executeQuery("select 1"))
                        .as("the restart cut the session").isInstanceOf(SQLException.class);
            }
            assertThat(queryOne(db, "select v from t")).isEqualTo("kept");
            assertThat(db.port()).isEqualTo(server.port());
        }
    }

    @Test
    void aConfiguredServerIsNotTheDevstacksToRestart() {
        try (PostgresServer server = PostgresProvider.obtain(Map.of(PostgresProvider.URL_ENV, CONFIGURED_URL),
                new Properties(), () -> false, null)) {
            assertThatThrownBy(server::restart).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Test
    void withAConfiguredUrlThatServerIsUsedToCreateAndDropAUniquelyNamedDatabase() throws SQLException {
        PostgresUrl expected = PostgresUrl.parse(CONFIGURED_URL);
        try (PostgresServer server = PostgresProvider.obtain(Map.of(PostgresProvider.URL_ENV, CONFIGURED_URL),
                new Properties(), () -> {
                    throw new AssertionError("a configured server must win before Docker is even looked for");
                }, null)) {
            assertThat(server.description()).startsWith("configured PostgreSQL");
            assertThat(server.host()).isEqualTo(expected.host());
            assertThat(server.port()).isEqualTo(expected.port());

            PostgresDatabase db = server.createUniqueDatabase();
            try {
                assertThat(queryOne(db, "select current_database()")).isEqualTo(db.name());
                assertThat(databaseExists(server, db.name())).isTrue();
            } finally {
                server.dropDatabase(db.name());
            }
            assertThat(databaseExists(server, db.name())).isFalse();
        }
    }

    @Test
    void ensureDatabaseCreatesAMissingDatabaseOnceAndThenLeavesItAlone() throws SQLException {
        try (PostgresServer server = PostgresProvider.obtain(Map.of(PostgresProvider.URL_ENV, CONFIGURED_URL),
                new Properties(), () -> false, null)) {
            String name = PostgresDatabase.uniqueTestName();
            try {
                server.ensureDatabase(name);
                server.ensureDatabase(name);
                assertThat(databaseExists(server, name)).isTrue();
            } finally {
                server.dropDatabase(name);
            }
        }
    }

    private static boolean databaseExists(PostgresServer server, String name) throws SQLException {
        return queryOne(server.database("postgres"), "select count(*) from pg_database where datname = '" + name + "'")
                .equals("1");
    }

    private static String queryOne(PostgresDatabase db, String sql) throws SQLException {
        try (Connection c = db.connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            return rs.getString(1);
        }
    }
}
