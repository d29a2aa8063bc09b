package io.syncmesh.devstack;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Chooses PostgreSQL as DESIGN.md section 9 says: configured, else a container when Docker runs, else embedded. */
public final class PostgresProvider {

    /** A JDBC URL of an existing server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}. */
    public static final String URL_PROPERTY = "syncmesh.pg.url";
    public static final String URL_ENV = "SYNCMESH_PG_URL";
    /** User and password when the URL has none. */
    public static final String USER_PROPERTY = "syncmesh.pg.user";
    public static final String USER_ENV = "SYNCMESH_PG_USER";
    public static final String PASSWORD_PROPERTY = "syncmesh.pg.password";
    public static final String PASSWORD_ENV = "SYNCMESH_PG_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresProvider.class);

    private PostgresProvider() {
    }

    /** Any of the three; an embedded server keeps throwaway data in a temp dir, deleted when it stops. */
    public static PostgresServer obtain() {
        return obtain(System.getenv(), System.getProperties(), DockerProbe::available, null);
    }

    /** Configured or else embedded with its data kept under {@code dir}, never a container (which loses data). */
    public static PostgresServer obtainLocal(Path dir) {
        return obtain(System.getenv(), System.getProperties(), () -> false, dir);
    }

    /** {@code keptDataDir} null: embedded data is throwaway; else it is kept there across restarts. */
    static PostgresServer obtain(Map<String, String> env, Properties properties, BooleanSupplier dockerAvailable,
            Path keptDataDir) {
        PostgresServer server = choose(new Settings(env, properties), dockerAvailable, keptDataDir);
        LOG.info("devstack PostgreSQL: {}", server.description());
        return server;
    }

    private static PostgresServer choose(Settings settings, BooleanSupplier dockerAvailable, Path keptDataDir) {
        var url = settings.get(URL_PROPERTY, URL_ENV);
        if (url.isPresent()) {
            PostgresUrl parsed = PostgresUrl.parse(url.get());
            String user = parsed.user() != null
                    ? parsed.user()
                    : settings.get(USER_PROPERTY, USER_ENV).orElse("postgres");
            String password = parsed.password() != null
                    ? parsed.password()
                    : settings.get(PASSWORD_PROPERTY, PASSWORD_ENV).orElse("");
            return new JdbcPostgresServer(parsed.host(), parsed.port(), user, password, parsed.database(),
                    "configured PostgreSQL at " + parsed.host() + ":" + parsed.port(), () -> {
                        // not ours to stop
                    });
        }
        if (dockerAvailable.getAsBoolean()) {
            return ContainerPostgres.start();
        }
        if (keptDataDir != null) {
            return EmbeddedPostgresServer.start(keptDataDir, true);
        }
        return EmbeddedPostgresServer.start(WorkDirs.temp("syncmesh-postgres-"), false);
    }
}
