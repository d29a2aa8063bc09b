package io.syncmesh.devstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;

/**
 * A {@link PostgresServer} that manages databases over JDBC, whoever runs the server; closing runs the given action.
 */
final class JdbcPostgresServer implements PostgresServer {

    // Identifiers cannot be bound as parameters: only names that need no quoting rules get through.
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final String DUPLICATE_DATABASE = "42P04";

    private final String host;
    private final int port;
    private final String superuser;
    private final String password;
    private final String maintenanceDatabase;
    private final String description;
    private final Runnable onClose;
    private final Runnable restarter;
    private boolean closed;

    JdbcPostgresServer(String host, int port, String superuser, String password, String maintenanceDatabase,
            String description, Runnable onClose) {
        this(host, port, superuser, password, maintenanceDatabase, description, onClose, null);
    }

    /** {@code restarter}: how {@link #restart()} crashes and starts the server; null when it cannot. */
    JdbcPostgresServer(String host, int port, String superuser, String password, String maintenanceDatabase,
            String description, Runnable onClose, Runnable restarter) {
        this.restarter = restarter;
        this.host = host;
        this.port = port;
        this.superuser = superuser;
        this.password = password == null ? "" : password;
        this.maintenanceDatabase = maintenanceDatabase;
        this.description = description;
        this.onClose = onClose;
    }

    @Override
    public String host() {
        return host;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String superuser() {
        return superuser;
    }

    @Override
    public String password() {
        return password;
    }

    @Override
    public String description() {
        return description;
    }

    /** The database we connect to for CREATE and DROP DATABASE. */
    String maintenanceDatabase() {
        return maintenanceDatabase;
    }

    @Override
    public PostgresDatabase createDatabase(String name) {
        execute("CREATE DATABASE \"" + checked(name) + "\"", name);
        return database(name);
    }

    @Override
    public PostgresDatabase ensureDatabase(String name) {
        checked(name);
        if (!exists(name)) {
            try {
                execute("CREATE DATABASE \"" + name + "\"", name);
            } catch (IllegalStateException e) {
                // Another process may have created it between our check and our create.
                if (!(e.getCause() instanceof SQLException sql && DUPLICATE_DATABASE.equals(sql.getSQLState()))) {
                    throw e;
                }
            }
        }
        return database(name);
    }

    @Override
    public void dropDatabase(String name) {
        // WITH (FORCE), PostgreSQL 13+: a pool a test left open must not block the drop.
        execute("DROP DATABASE IF EXISTS \"" + checked(name) + "\" WITH (FORCE)", name);
    }

    @Override
    public void restart() {
        if (restarter == null) {
            PostgresServer.super.restart();
            return;
        }
        restarter.run();
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            onClose.run();
        }
    }

    @Override
    public String toString() {
        return description;
    }

    private boolean exists(String name) {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("select 1 from pg_database where datname = ?")) {
            s.setString(1, name);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look up database " + name + " on " + description + ": " + e, e);
        }
    }

    private void execute(String sql, String name) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed on " + description + ": " + e.getMessage(), e);
        }
    }

    private Connection connect() throws SQLException {
        return Jdbc.connect(database(maintenanceDatabase).jdbcUrl(), superuser, password);
    }

    private static String checked(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "database name must be lower case letters, digits and underscores, at most 63: " + name);
        }
        return name;
    }
}
