package io.syncmesh.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import io.syncmesh.protocol.SyncJson;

/**
 * Checks an HTTP answer against what an OpenAPI 3.1 document declares for the operation: the status (or
 * {@code default}), the media type, no body where the document declares none, and the body against the declared schema
 * (JSON Schema 2020-12, with the document's {@code components} for its references).
 */
final class OpenApiAnswers {

    private static final String DIALECT = "https://json-schema.org/draft/2020-12/schema";

    private final JsonNode document;
    private final JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final Map<String, JsonSchema> schemas = new ConcurrentHashMap<>();

    OpenApiAnswers(JsonNode document) {
        this.document = document;
    }

    /** What is wrong with the answer; empty when the document allows it. */
    List<String> violations(String method, String path, int status, String contentType, String body) {
        JsonNode responses = document.path("paths").path(path).path(method.toLowerCase(Locale.ROOT))
                .path("responses");
        if (responses.isMissingNode()) {
            return List.of("the document has no operation " + method + " " + path);
        }
        String statusKey = Integer.toString(status);
        JsonNode declared = responses.has(statusKey) ? responses.get(statusKey) : responses.path("default");
        if (declared.isMissingNode()) {
            return List.of("status " + status + " is not declared");
        }
        JsonNode content = declared.path("content");
        if (content.isEmpty()) {
            return body.isEmpty() ? List.of() : List.of("a body where status " + status + " declares none");
        }
        String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!content.has(mediaType)) {
            List<String> allowed = new ArrayList<>();
            content.fieldNames().forEachRemaining(allowed::add);
            return List.of("media type '" + mediaType + "' where status " + status + " declares " + allowed);
        }
        JsonNode schema = content.get(mediaType).path("schema");
        if (schema.isMissingNode()) {
            return List.of();
        }
        JsonNode value;
        try {
            value = SyncJson.mapper().readTree(body);
        } catch (JsonProcessingException e) {
            return List.of("the body is not JSON: " + e.getOriginalMessage());
        }
        if (value == null || value.isMissingNode()) {
            return List.of("no body where status " + status + " declares " + mediaType);
        }
        return schemaFor(method + " " + path + " " + statusKey + " " + mediaType, schema).validate(value).stream()
                .map(ValidationMessage::getMessage).toList();
    }

    private JsonSchema schemaFor(String key, JsonNode schema) {
        return schemas.computeIfAbsent(key, k -> {
            // The operation's schema as the root of a schema document that also holds the components, so that its
            // "#/components/schemas/..." references resolve as they do in the OpenAPI document.
            ObjectNode root = schema.deepCopy();
            root.put("$schema", DIALECT);
            root.set("components", document.path("components"));
            return factory.getSchema(root);
        });
    }
}
