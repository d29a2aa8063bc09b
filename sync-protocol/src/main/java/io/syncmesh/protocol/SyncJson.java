package io.syncmesh.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The JSON mapping every module uses for the wire and topic records. */
public final class SyncJson {

    private static final ObjectMapper MAPPER = configure(new ObjectMapper());

    private SyncJson() {
    }

    /** A shared, fully configured mapper (thread-safe once configured). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** JSON of a protocol value; they always serialize, so a failure is a bug, not bad input. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads JSON this module wrote (for example a stored document); unreadable JSON is an IllegalArgumentException. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            // Only the type: the parser's message may quote the document, which may hold personal data.
            throw new IllegalArgumentException("not a " + type.getSimpleName() + " document");
        }
    }

    /** As {@link #read(String, Class)}, for generic types. */
    public static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a " + type.getType().getTypeName() + " document");
        }
    }

    /**
     * Applies the protocol's settings to a mapper (for example Quarkus' own): ISO-8601 instants, no nulls written, and
     * unknown properties ignored so that newer producers do not break older consumers of topic records. Instants go
     * through {@link InstantJsonModule}, registered after the JSR-310 module so that it takes precedence.
     */
    public static ObjectMapper configure(ObjectMapper mapper) {
        return mapper.registerModule(new JavaTimeModule())
                .registerModule(new InstantJsonModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    }
}
