package io.syncmesh.gateway.web;

import io.syncmesh.support.web.Problems;

/**
 * Reads numeric query parameters in the gateway itself. JAX-RS answers a query parameter it cannot convert with 404 (as
 * if the resource did not exist), and the document would not explain why; here it is a 400 that names the parameter and
 * the rule, never the value.
 */
public final class QueryParameters {

    private QueryParameters() {
    }

    /** The parameter as a whole number, or null when absent; a 400 problem naming it when it is no int. */
    public static Integer wholeNumber(String name, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            throw Problems.invalid(name + " must be a whole number between 1 and " + Integer.MAX_VALUE);
        }
    }
}
