package io.syncmesh.devstack;

import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/** Reads a devstack setting from a system property or else an environment variable. */
final class Settings {

    private final Map<String, String> env;
    private final Properties properties;

    Settings(Map<String, String> env, Properties properties) {
        this.env = Map.copyOf(env);
        this.properties = properties;
    }

    static Settings fromSystem() {
        return new Settings(System.getenv(), System.getProperties());
    }

    /** The property wins over the environment: it is the narrower scope (one JVM, e.g. one surefire run). */
    Optional<String> get(String property, String envVar) {
        String value = properties.getProperty(property);
        if (value == null || value.isBlank()) {
            value = env.get(envVar);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    boolean isFalse(String property, String envVar) {
        return get(property, envVar).map(v -> v.equalsIgnoreCase("false") || v.equals("0")).orElse(false);
    }
}
