package io.syncmesh.gateway.web;

import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.syncmesh.protocol.SyncJson;
import io.syncmesh.support.web.Problems;

/**
 * Reads request bodies strictly, because devices are untrusted: invalid UTF-8, duplicate keys, trailing content,
 * nesting deeper than {@value #MAX_DEPTH}, numbers longer than {@value #MAX_NUMBER_LENGTH} digits or outside what a
 * double or a long can hold, and (when mapping to a type) properties the type does not declare are all refused with a
 * 400 whose detail names the rule, never the content. Topic records keep the lenient {@link SyncJson#mapper()}.
 */
public final class RequestJson {

    /** Nesting of the whole body; a push uses 4 levels itself, which leaves field values 28. */
    public static final int MAX_DEPTH = 32;
    public static final int MAX_NUMBER_LENGTH = 40;

    private static final ObjectMapper STRICT = strictMapper();

    private RequestJson() {
    }

    private static ObjectMapper strictMapper() {
        JsonFactory factory = JsonFactory.builder()
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH).build())
                .build();
        return SyncJson.configure(new ObjectMapper(factory))
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);
    }

    /** The mapper, for mapping trees that {@link #readTree} returned to request types. */
    public static ObjectMapper mapper() {
        return STRICT;
    }

    /** The body as a tree, or a 400 problem naming the rule it breaks. */
    public static JsonNode readTree(byte[] body) {
        JsonNode root;
        try {
            root = STRICT.readTree(body);
        } catch (IOException e) {
            throw Problems.invalid(why(e));
        }
        if (root == null || root.isMissingNode()) {
            throw Problems.invalid("the body is empty");
        }
        checkNumbers(root);
        return root;
    }

    /** The body mapped to a request type, refusing properties the type does not declare. */
    public static <T> T read(byte[] body, Class<T> type) {
        JsonNode root = readTree(body);
        try {
            return STRICT.treeToValue(root, type);
        } catch (UnrecognizedPropertyException e) {
            throw Problems.invalid("unknown property " + quoted(e.getPropertyName()) + ": a "
                    + type.getSimpleName() + " does not have it");
        } catch (IOException | IllegalArgumentException e) {
            throw Problems.invalid("the body does not have the shape of a " + type.getSimpleName());
        }
    }

    /** A property name for a problem detail: quoted, and cut at 64 characters (a name can be any length). */
    public static String quoted(String name) {
        return "\"" + (name.length() > 64 ? name.substring(0, 64) + "…" : name) + "\"";
    }

    /** Why a body is not strict JSON, in words that quote nothing of it. */
    private static String why(Exception e) {
        if (e instanceof StreamConstraintsException) {
            return "the body nests deeper than " + MAX_DEPTH + " levels or has a number longer than "
                    + MAX_NUMBER_LENGTH + " digits";
        }
        if (e instanceof CharConversionException || (e.getMessage() != null && e.getMessage().contains("UTF-8"))) {
            return "the body is not valid UTF-8";
        }
        if (e instanceof JsonParseException && e.getMessage() != null && e.getMessage().startsWith("Duplicate")) {
            return "the body repeats a key in one object";
        }
        if (e instanceof JsonParseException && e.getMessage() != null && e.getMessage().contains("surrogate")) {
            // Jackson refuses an unpaired surrogate escape (\uD800-\uDFFF) in a key: such a text has no UTF-8 form.
            return "the body has a key with an unpaired UTF-16 surrogate";
        }
        return "the body is not valid JSON";
    }

    /** Numbers must be what every client can hold: a finite double, or an integer within a long. */
    static void checkNumbers(JsonNode root) {
        Deque<JsonNode> pending = new ArrayDeque<>();
        pending.push(root);
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isNumber() && (node.isBigInteger() || !Double.isFinite(node.doubleValue()))) {
                throw Problems.invalid("the body has a number out of range (integers within 64 bits, finite "
                        + "decimals)");
            }
            node.forEach(pending::push);
        }
    }
}
