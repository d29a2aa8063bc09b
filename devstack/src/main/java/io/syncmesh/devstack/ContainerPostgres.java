package io.syncmesh.devstack;

import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Testcontainers container, where Docker runs. */
final class ContainerPostgres {

    /** The major version the machines run (TOOLING.md), so SQL behaves alike everywhere. */
    static final String IMAGE = "postgres:15-alpine";

    private ContainerPostgres() {
    }

    static PostgresServer start() {
        PostgreSQLContainer container = new PostgreSQLContainer(IMAGE)
                .withCommand("postgres", "-c", "fsync=off", "-c", "max_connections=200");
        container.start();
        String host = container.getHost();
        int port = container.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT);
        // The image makes POSTGRES_USER a superuser, so it may create and drop databases.
        return new JdbcPostgresServer(host, port, container.getUsername(), container.getPassword(),
                container.getDatabaseName(), "PostgreSQL container " + IMAGE + " at " + host + ":" + port,
                container::stop);
    }
}
