package io.syncmesh.gateway;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/** The public API of the mesh: its OpenAPI description and the bearer-token scheme every endpoint uses. */
@OpenAPIDefinition(info = @Info(title = "syncmesh gateway", version = "1", description = "Push, pull and read the data of offline-first apps. Errors are RFC 9457 problem details."), components = @Components(securitySchemes = @SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT", description = "RS256 token with the claims tenant and device (or sub); operators also carry "
        + "groups: [operator].")))
public class GatewayApi extends Application {
}
