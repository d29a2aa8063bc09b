package io.syncmesh.devstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void readsHostPortDatabaseAndUserOfAJdbcUrl() {
        assertThat(PostgresUrl.parse("jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"))
                .isEqualTo(new PostgresUrl("127.0.0.1", 5432, "postgres", "postgres", null));
    }

    @Test
    void readsUserInfoAndDefaultsPortAndDatabase() {
        assertThat(PostgresUrl.parse("postgresql://app:s%40cret@db.local"))
                .isEqualTo(new PostgresUrl("db.local", 5432, "postgres", "app", "s@cret"));
    }

    @Test
    void rejectsAUrlOfAnotherDatabase() {
        assertThatThrownBy(() -> PostgresUrl.parse("jdbc:mysql://127.0.0.1/x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a PostgreSQL URL");
    }
}
