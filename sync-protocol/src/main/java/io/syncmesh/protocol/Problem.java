package io.syncmesh.protocol;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem details body ({@code application/problem+json}); {@code type} is stable, see
 * {@link ProblemTypes}. Extension members: {@code errors} (broken validation rules), {@code entity} (the current
 * entity, on a failed precondition) {@code receipt} (the outcome of the change the request submitted) and
 * {@code conflict} (the manual conflict item).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance, List<Violation> errors,
        Entity entity, Receipt receipt, ConflictItem conflict) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(String slug, String title, int status, String detail) {
        return new Problem(ProblemTypes.uri(slug), title, status, detail, null, null, null, null, null);
    }

    public Problem withErrors(List<Violation> violations) {
        return new Problem(type, title, status, detail, instance, violations, entity, receipt, conflict);
    }

    public Problem withEntity(Entity current) {
        return new Problem(type, title, status, detail, instance, errors, current, receipt, conflict);
    }

    public Problem withReceipt(Receipt outcome) {
        return new Problem(type, title, status, detail, instance, errors, entity, outcome, conflict);
    }

    public Problem withConflict(ConflictItem item) {
        return new Problem(type, title, status, detail, instance, errors, entity, receipt, item);
    }
}
