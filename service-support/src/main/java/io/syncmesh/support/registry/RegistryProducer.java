package io.syncmesh.support.registry;

import java.util.Optional;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import io.quarkus.runtime.Startup;
import io.syncmesh.protocol.ChangeValidator;
import io.syncmesh.protocol.registry.CollectionRegistry;
import io.syncmesh.protocol.registry.RegistryLoader;

/**
 * The collection registry, loaded and checked at start (a bad registry stops the service with what to fix), and the
 * change validator that refuses collections it does not declare.
 */
public class RegistryProducer {

    @Produces
    @Singleton
    @Startup
    CollectionRegistry registry(@ConfigProperty(name = RegistryLoader.PATH_SETTING) Optional<String> path) {
        return RegistryLoader.loadConfigured(path);
    }

    @Produces
    @Singleton
    ChangeValidator validator(CollectionRegistry registry) {
        return new ChangeValidator(registry::declares);
    }
}
