package io.syncmesh.protocol.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import io.syncmesh.protocol.Identifiers;

/**
 * Reads and checks the collection registry (a YAML file; see {@code config/collections.yaml}). It reports every problem
 * at once, each with where it is, so that a service refusing to start tells the operator everything to fix.
 */
public final class RegistryLoader {

    private static final Set<String> TOP_KEYS = Set.of("clockSkew", "collections");
    private static final Set<String> COLLECTION_KEYS = Set.of("critical", "onDelete", "defaultPolicy", "fields");
    // A collection or field declared twice is a mistake to report, not a silent override.
    private static final YAMLMapper YAML = YAMLMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private RegistryLoader() {
    }

    /** The setting services read the registry's path from (environment: {@code SYNCMESH_REGISTRY_PATH}). */
    public static final String PATH_SETTING = "syncmesh.registry.path";

    /** Loads the registry file a service is configured with; a missing setting is an error that says what to set. */
    public static CollectionRegistry loadConfigured(java.util.Optional<String> path) {
        if (path.isEmpty() || path.get().isBlank()) {
            throw new InvalidRegistryException("(none)", List.of("no registry file is configured: set " + PATH_SETTING
                    + " (environment SYNCMESH_REGISTRY_PATH) to the registry file, for example config/collections.yaml"));
        }
        return load(Path.of(path.get()));
    }

    /** Loads the registry file at the path. */
    public static CollectionRegistry load(Path path) {
        String source = path.toAbsolutePath().toString();
        try (InputStream in = Files.newInputStream(path)) {
            return parse(source, YAML.readTree(in));
        } catch (NoSuchFileException e) {
            throw new InvalidRegistryException(source, List.of("the file does not exist"));
        } catch (JsonProcessingException e) {
            throw new InvalidRegistryException(source, List.of("not valid YAML: " + e.getOriginalMessage()));
        } catch (IOException e) {
            throw new InvalidRegistryException(source, List.of("cannot be read: " + e.getMessage()));
        }
    }

    /** Parses registry YAML; {@code source} names it in error messages. */
    public static CollectionRegistry parse(String source, String yaml) {
        try {
            return parse(source, YAML.readTree(yaml));
        } catch (JsonProcessingException e) {
            throw new InvalidRegistryException(source, List.of("not valid YAML: " + e.getOriginalMessage()));
        }
    }

    private static CollectionRegistry parse(String source, JsonNode root) {
        List<String> problems = new ArrayList<>();
        if (root == null || !root.isObject()) {
            throw new InvalidRegistryException(source, List.of("the file must be a mapping with 'collections'"));
        }
        unknownKeys(root, TOP_KEYS, "", problems);
        Duration clockSkew = clockSkew(root.get("clockSkew"), problems);
        TreeMap<String, CollectionSpec> collections = new TreeMap<>();
        JsonNode declared = root.get("collections");
        if (declared == null || !declared.isObject() || declared.isEmpty()) {
            problems.add("collections: declare at least one collection");
        } else {
            for (Iterator<Map.Entry<String, JsonNode>> it = declared.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> entry = it.next();
                CollectionSpec spec = collection(entry.getKey(), entry.getValue(), problems);
                if (spec != null) {
                    collections.put(spec.name(), spec);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRegistryException(source, problems);
        }
        return new CollectionRegistry(clockSkew, collections);
    }

    private static Duration clockSkew(JsonNode node, List<String> problems) {
        if (node == null) {
            return CollectionRegistry.DEFAULT_CLOCK_SKEW;
        }
        try {
            Duration skew = Duration.parse(node.asText());
            if (skew.isNegative()) {
                problems.add("clockSkew: must not be negative");
            }
            return skew;
        } catch (DateTimeParseException e) {
            problems.add("clockSkew: '" + node.asText() + "' is not an ISO-8601 duration (for example P7D or PT12H)");
            return CollectionRegistry.DEFAULT_CLOCK_SKEW;
        }
    }

    private static CollectionSpec collection(String name, JsonNode node, List<String> problems) {
        String where = "collections." + name;
        int before = problems.size();
        if (!Identifiers.isCollection(name)) {
            problems.add(where + ": a collection name must match [a-z][a-z0-9_]{0,62}");
        }
        if (node != null && !node.isNull() && !node.isObject()) {
            problems.add(where + ": must be a mapping (or empty for all defaults)");
            return null;
        }
        JsonNode spec = node == null || node.isNull() ? YAML.createObjectNode() : node;
        unknownKeys(spec, COLLECTION_KEYS, where + ".", problems);
        boolean critical = false;
        JsonNode criticalNode = spec.get("critical");
        if (criticalNode != null) {
            if (criticalNode.isBoolean()) {
                critical = criticalNode.booleanValue();
            } else {
                problems.add(where + ".critical: must be true or false");
            }
        }
        OnDelete onDelete = OnDelete.UPDATE_WINS;
        JsonNode onDeleteNode = spec.get("onDelete");
        if (onDeleteNode != null) {
            onDelete = OnDelete.fromWire(onDeleteNode.asText());
            if (onDelete == null || !onDeleteNode.isTextual()) {
                problems.add(where + ".onDelete: '" + onDeleteNode.asText() + "' is not one of " + OnDelete.names());
            }
        }
        FieldPolicy defaultPolicy = FieldPolicy.LWW;
        if (spec.get("defaultPolicy") != null) {
            defaultPolicy = policy(spec.get("defaultPolicy"), where + ".defaultPolicy", problems);
        }
        Map<String, FieldPolicy> fields = new LinkedHashMap<>();
        JsonNode fieldsNode = spec.get("fields");
        if (fieldsNode != null && !fieldsNode.isNull()) {
            if (!fieldsNode.isObject()) {
                problems.add(where + ".fields: must be a mapping of field name to policy");
            } else {
                for (Iterator<Map.Entry<String, JsonNode>> it = fieldsNode.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> field = it.next();
                    String fieldWhere = where + ".fields." + field.getKey();
                    if (!Identifiers.isFieldName(field.getKey())) {
                        problems.add(fieldWhere + ": a field name must match [A-Za-z_][A-Za-z0-9_]{0,63}");
                    }
                    fields.put(field.getKey(), policy(field.getValue(), fieldWhere, problems));
                }
            }
        }
        if (problems.size() > before) {
            return null;
        }
        return new CollectionSpec(name, critical, onDelete, defaultPolicy, fields);
    }

    private static FieldPolicy policy(JsonNode node, String where, List<String> problems) {
        FieldPolicy policy = node.isTextual() ? FieldPolicy.fromWire(node.asText()) : null;
        if (policy == null) {
            problems.add(where + ": '" + node.asText() + "' is not one of " + FieldPolicy.names());
        }
        return policy;
    }

    private static void unknownKeys(JsonNode node, Set<String> known, String prefix, List<String> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                problems.add(
                        prefix + name + ": unknown key (known: " + String.join(", ", known.stream().sorted().toList())
                                + ")");
            }
        }
    }
}
