package io.syncmesh.protocol.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Which collections exist and how their concurrent edits merge. The gateway, the sync-service and the conflict-service
 * load the same file with {@link RegistryLoader}.
 *
 * @param clockSkew
 *            how far before the server received a change its device clock is still believed: an earlier client time
 *            counts as received-at minus this (a device clock years behind must not lose every conflict), and a later
 *            one as received-at (a clock ahead must not win every conflict)
 */
public record CollectionRegistry(Duration clockSkew, SortedMap<String, CollectionSpec> collections) {

    /** Used when the registry file does not say: longer than most devices stay offline. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofDays(7);
    /** The metric label of collections and fields the registry does not declare. */
    public static final String OTHER_LABEL = "other";

    public CollectionRegistry {
        collections = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(collections));
    }

    /** A registry of the given collections with the default clock skew. */
    public static CollectionRegistry of(CollectionSpec... specs) {
        TreeMap<String, CollectionSpec> byName = new TreeMap<>();
        for (CollectionSpec spec : specs) {
            byName.put(spec.name(), spec);
        }
        return new CollectionRegistry(DEFAULT_CLOCK_SKEW, byName);
    }

    /** Whether the collection is declared. */
    public boolean declares(String collection) {
        return collection != null && collections.containsKey(collection);
    }

    /** The declared collection of that name. */
    public Optional<CollectionSpec> find(String collection) {
        return Optional.ofNullable(collection == null ? null : collections.get(collection));
    }

    /**
     * The collection as a metric label: its name when declared, {@value #OTHER_LABEL} otherwise. Names come from
     * clients; only the registry's may become labels, so that no client can grow a metric's label sets.
     */
    public String labelOf(String collection) {
        return declares(collection) ? collection : OTHER_LABEL;
    }

    /** The field as a metric label: its name when the collection declares it, {@value #OTHER_LABEL} otherwise. */
    public String fieldLabelOf(String collection, String field) {
        return find(collection).filter(spec -> field != null && spec.fields().containsKey(field)).isPresent()
                ? field
                : OTHER_LABEL;
    }

    /** The collections, by name. */
    public Map<String, CollectionSpec> asMap() {
        return collections;
    }
}
