package io.syncmesh.devstack;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;

import org.postgresql.Driver;

/**
 * JDBC connections through the PostgreSQL driver itself, not DriverManager: DriverManager hands out only drivers loaded
 * by the caller's class loader, and a Quarkus test that restarts the application (another test profile) calls from a
 * new class loader while the driver stays registered under the old one ("No suitable driver").
 */
final class Jdbc {

    private static final Driver DRIVER = new Driver();

    private Jdbc() {
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        Connection connection = DRIVER.connect(url, properties);
        if (connection == null) {
            throw new SQLException("not a PostgreSQL JDBC URL: " + url);
        }
        return connection;
    }
}
