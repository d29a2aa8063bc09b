package io.syncmesh.gateway.auth;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonString;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.syncmesh.gateway.limit.RateLimits;
import io.syncmesh.gateway.web.RequestLogContext;
import io.syncmesh.protocol.Identifiers;
import io.syncmesh.support.web.Problems;

/**
 * Reads the caller from the verified token: tenant from the {@code tenant} claim, device from {@code device} or else
 * {@code sub}. A token without a usable tenant or device is refused: they never come from the request. (A token without
 * {@code sub} has the placeholder of {@code smallrye.jwt.claims.sub}, which is no valid device id.) So is the token of
 * a revoked device, however valid otherwise.
 */
@RequestScoped
public class CallerResolver {

    /** The role of device tokens: push, pull, read and write entities. */
    public static final String DEVICE_ROLE = "device";
    /** The role of operator tokens: the conflict queue and alerts (separate from devices). */
    public static final String OPERATOR_ROLE = "operator";

    @Inject
    JsonWebToken token;

    @Inject
    RevokedDevices revokedDevices;

    @Inject
    RateLimits rateLimits;

    /** This request's caller, once resolved (and counted against the rate limits once). */
    private Caller resolved;

    /** The verified caller of this request, admitted by the rate limits (401, 429 otherwise). */
    public Caller caller() {
        if (resolved == null) {
            Caller caller = verifiedCaller();
            rateLimits.admit(caller.tenant(), caller.device());
            resolved = caller;
        }
        return resolved;
    }

    private Caller verifiedCaller() {
        if (token == null || token.getRawToken() == null) {
            throw Problems.unauthorized("a valid bearer token is required");
        }
        String tenant = text(token.getClaim("tenant"));
        if (!Identifiers.isPrincipal(tenant)) {
            throw Problems.unauthorized("the token carries no valid tenant claim");
        }
        String device = text(token.getClaim("device"));
        if (device == null) {
            device = token.getSubject();
        }
        if (!Identifiers.isPrincipal(device)) {
            throw Problems.unauthorized("the token carries no valid device claim or subject");
        }
        if (revokedDevices.isRevoked(tenant, device)) {
            throw Problems.unauthorized("this device's tokens are revoked");
        }
        RequestLogContext.tenant(tenant);
        boolean operator = token.getGroups() != null && token.getGroups().contains(OPERATOR_ROLE);
        return new Caller(tenant, device, operator);
    }

    private static String text(Object claim) {
        if (claim instanceof JsonString json) {
            return json.getString();
        }
        return claim instanceof String string ? string : null;
    }
}
