package io.syncmesh.gateway.auth;

/** Who calls, from the verified token only: the tenant, the device, and whether it may operate the mesh. */
public record Caller(String tenant, String device, boolean operator) {
}
