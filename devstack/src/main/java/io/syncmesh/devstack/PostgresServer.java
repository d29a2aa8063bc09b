package io.syncmesh.devstack;

/** A PostgreSQL server handed out by the devstack, on which each test or service gets a database of its own. */
public interface PostgresServer extends AutoCloseable {

    String host();

    int port();

    /** A role that may create and drop databases. */
    String superuser();

    /** The superuser's password; empty where the server trusts local connections. */
    String password();

    /** Where this PostgreSQL comes from (configured, a container, embedded), for logs. */
    String description();

    /** Creates the database; fails if it exists. Names are lower case: letters, digits, underscores. */
    PostgresDatabase createDatabase(String name);

    /** Creates the database unless it exists. */
    PostgresDatabase ensureDatabase(String name);

    /** Drops the database if it exists, disconnecting its sessions. */
    void dropDatabase(String name);

    /** A database with a name no other test uses, see {@link PostgresDatabase#uniqueTestName()}. */
    default PostgresDatabase createUniqueDatabase() {
        return createDatabase(PostgresDatabase.uniqueTestName());
    }

    /** Coordinates of a database on this server, without creating it. */
    default PostgresDatabase database(String name) {
        return new PostgresDatabase(name, host(), port(), superuser(), password());
    }

    /**
     * Restarts the server (a fast shutdown: every session is cut, committed data kept) on the same port and data, for
     * fault tests. Only an embedded server can; others refuse.
     */
    default void restart() {
        throw new UnsupportedOperationException(description() + " is not the devstack's to restart");
    }

    /** Stops the server if the devstack started it; a configured one is left alone. */
    @Override
    void close();
}
