package io.syncmesh.deploy;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import io.syncmesh.devstack.RepositoryRoot;

/** What a service really reads and serves, from its application.properties: the truth deploy files must match. */
final class ServiceConfig {

    static final Path ROOT = RepositoryRoot.find();
    static final List<String> SERVICES = List.of("sync-service", "conflict-service", "metrics-service", "gateway");

    private final Properties properties = new Properties();
    private final String text;

    private ServiceConfig(String service) {
        Path file = ROOT.resolve(service).resolve("src/main/resources/application.properties");
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ServiceConfig of(String service) {
        return new ServiceConfig(service);
    }

    /** A key of the service's application.properties, as written (no expansion); null when absent. */
    String property(String key) {
        return properties.getProperty(key);
    }

    /** The HTTP port the service's API listens on. */
    int httpPort() {
        return Integer.parseInt(properties.getProperty("quarkus.http.port"));
    }

    /** Whether health and metrics are on Quarkus' management interface, a port of their own (the gateway's are). */
    boolean hasManagementInterface() {
        return Boolean.parseBoolean(properties.getProperty("quarkus.management.enabled"));
    }

    /** The port that serves {@code /q/health} and {@code /q/metrics}: the management interface's, else the API's. */
    int managementPort() {
        return hasManagementInterface()
                ? Integer.parseInt(properties.getProperty("quarkus.management.port"))
                : httpPort();
    }

    /** The name deploy files give {@link #managementPort()}: {@code management}, or {@code http} when it is that. */
    String managementPortName() {
        return hasManagementInterface() ? "management" : "http";
    }

    /**
     * Whether the service reads the environment variable: its configuration names it ({@code ${NAME}}), it is the
     * environment form of a key the service sets (MicroProfile Config's rule), or code every service shares reads it
     * (Kafka's bootstrap servers, the registry, a datasource's connection).
     */
    boolean reads(String name) {
        if (text.contains("${" + name + ":") || text.contains("${" + name + "}")) {
            return true;
        }
        if (properties.stringPropertyNames().stream()
                .anyMatch(key -> key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase().equals(name))) {
            return true;
        }
        boolean hasDatasource = properties.getProperty("quarkus.datasource.db-kind") != null;
        return name.equals("KAFKA_BOOTSTRAP_SERVERS") || name.equals("SYNCMESH_REGISTRY_PATH")
                || (hasDatasource && List.of("QUARKUS_DATASOURCE_REACTIVE_URL", "QUARKUS_DATASOURCE_JDBC_URL",
                        "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD").contains(name));
    }
}
