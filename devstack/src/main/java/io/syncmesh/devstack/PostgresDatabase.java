package io.syncmesh.devstack;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One database on a {@link PostgresServer} and how to log in to it, in the URL forms of JDBC and the reactive client.
 */
public record PostgresDatabase(String name, String host, int port, String username, String password) {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

    /** {@code jdbc:postgresql://host:port/name}, without credentials: they are in username() and password(). */
    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + name;
    }

    /** {@code postgresql://host:port/name}, the form of {@code quarkus.datasource.reactive.url}. */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + name;
    }

    /** A new JDBC connection, e.g. for a test that checks the rows a service wrote. */
    public Connection connect() throws SQLException {
        return Jdbc.connect(jdbcUrl(), username, password);
    }

    /** {@code syncmesh_test_<millis>_<random>}: unique across test runs that share one server, lower case. */
    public static String uniqueTestName() {
        StringBuilder random = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            random.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return "syncmesh_test_" + System.currentTimeMillis() + "_" + random;
    }
}
