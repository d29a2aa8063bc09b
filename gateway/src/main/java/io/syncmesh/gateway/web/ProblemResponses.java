package io.syncmesh.gateway.web;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.syncmesh.protocol.Problem;

/**
 * Declares in the OpenAPI document the problem answers (RFC 9457, {@code application/problem+json}) each operation can
 * give, so that clients and the API fuzz test know every status the gateway may answer: the ones every operation shares
 * (bad request, authentication, role, rate limit, unavailable, a request line or headers too long), the ones of a body
 * (too large, wrong media type), of an entity's preconditions, and of a pull's cursor.
 */
public class ProblemResponses implements OASFilter {

    private static final Map<String, String> EVERY_OPERATION = Map.of(
            "400", "The request breaks a rule; the problem names it",
            "401", "No valid bearer token",
            "403", "The token's role does not allow this operation",
            "404", "No such resource in the caller's tenant",
            "414", "The path and query are longer than the gateway reads (4096 characters)",
            "431", "The headers are larger than the gateway reads (20 KiB)",
            "429", "The device's or the tenant's rate limit is spent; see Retry-After",
            "503", "A service behind the gateway, or Kafka, cannot take the request now; see Retry-After");
    private static final Map<String, String> WITH_BODY = Map.of(
            "413", "The body or the batch is larger than allowed",
            "415", "The body is not application/json");
    private static final Map<String, String> ENTITY = Map.of(
            "409", "The change went to the manual conflict queue",
            "410", "The entity is deleted",
            "412", "If-Match does not name the current version",
            "422", "The change cannot be applied (the problem's code says why)",
            "428", "If-Match is required");
    private static final Map<String, String> PULL = Map.of(
            "410", "The cursor is too old: resynchronise from the start");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            Map<String, String> answers = new TreeMap<>(EVERY_OPERATION);
            if (operation.getRequestBody() != null || method == PathItem.HttpMethod.POST
                    || method == PathItem.HttpMethod.PATCH || method == PathItem.HttpMethod.PUT) {
                answers.putAll(WITH_BODY);
            }
            if (path.startsWith("/v1/entities")) {
                answers.putAll(ENTITY);
            }
            if (path.equals("/v1/sync/pull")) {
                answers.putAll(PULL);
            }
            answers.forEach((status, description) -> addProblem(operation, status, description));
        }));
    }

    private static void addProblem(Operation operation, String status, String description) {
        if (operation.getResponses() == null) {
            operation.setResponses(OASFactory.createAPIResponses());
        }
        APIResponse declared = operation.getResponses().getAPIResponse(status);
        if (declared == null) {
            operation.getResponses().addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                    .content(problemContent()));
        } else if (declared.getContent() == null || declared.getContent().getMediaTypes() == null
                || declared.getContent().getMediaTypes().isEmpty()) {
            // Declared by the scanner (a 400 for a request body, say) without a body: the answer is a problem.
            declared.content(problemContent());
        }
    }

    private static Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("Problem")));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("RFC 9457 problem details")
                .addRequired("type").addRequired("title").addRequired("status")
                .addProperty("type", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("title", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER)))
                .addProperty("detail", OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY)));
    }
}
