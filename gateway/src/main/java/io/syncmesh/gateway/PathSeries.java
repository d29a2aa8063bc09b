package io.syncmesh.gateway;

import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.inject.Singleton;
import jakarta.ws.rs.Path;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.syncmesh.gateway.alert.AlertResource;
import io.syncmesh.gateway.conflict.ConflictResource;
import io.syncmesh.gateway.entity.EntityResource;
import io.syncmesh.gateway.push.PushResource;
import io.syncmesh.gateway.read.PullResource;
import io.syncmesh.gateway.telemetry.TelemetryResource;

/**
 * Keeps the {@code uri} tag of the HTTP server metrics to the API's path templates. Quarkus tags a request with its
 * resource's template only once RESTEasy has matched a method; a request refused before that (405 for a method the path
 * does not have, a 414 or 431 of {@link io.syncmesh.gateway.web.RequestHeadLimits}) is tagged with its raw path, so
 * random paths, sent by anyone without a token, would each create a series. Any value that is not a template becomes
 * {@value #OTHER}, the value Quarkus itself gives an unmatched 4xx when it suppresses them (its {@code NOT_FOUND},
 * {@code REDIRECTION} and {@code root} are kept).
 */
@Singleton
public class PathSeries implements MeterFilter {

    static final String OTHER = "UNKNOWN";
    private static final List<Class<?>> RESOURCES = List.of(PushResource.class, PullResource.class,
            EntityResource.class, ConflictResource.class, AlertResource.class, TelemetryResource.class);

    private final Set<String> kept = templates();

    @Override
    public Meter.Id map(Meter.Id id) {
        String uri = id.getTag("uri");
        if (uri == null || !id.getName().startsWith("http.server") || kept.contains(uri)) {
            return id;
        }
        return id.withTag(Tag.of("uri", OTHER));
    }

    /** The templates of every resource method, as Quarkus writes them in the tag, and Quarkus's own values. */
    static Set<String> templates() {
        Set<String> templates = new HashSet<>(Set.of(OTHER, "NOT_FOUND", "REDIRECTION", "root"));
        for (Class<?> resource : RESOURCES) {
            String base = resource.getAnnotation(Path.class).value();
            templates.add(normalized(base));
            for (Method method : resource.getMethods()) {
                Path path = method.getAnnotation(Path.class);
                if (path != null) {
                    templates.add(normalized(base + "/" + path.value()));
                }
            }
        }
        return Set.copyOf(templates);
    }

    private static String normalized(String path) {
        return "/" + String.join("/", List.of(path.split("/+")).stream().filter(s -> !s.isEmpty()).toList());
    }
}
