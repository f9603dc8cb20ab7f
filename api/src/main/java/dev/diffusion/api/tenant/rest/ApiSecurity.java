package dev.diffusion.api.tenant.rest;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The bearer-key scheme in the OpenAPI document, required by every operation, so that Swagger UI's "Authorize"
 * sends the key. (An {@link Application} with no classes listed keeps every resource.)
 */
@OpenAPIDefinition(info = @Info(title = "Diffusion platform API", version = "1.0"),
        security = @SecurityRequirement(name = ApiSecurity.SCHEME))
@SecurityScheme(securitySchemeName = ApiSecurity.SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key: Authorization: Bearer dk_…")
public class ApiSecurity extends Application {

    public static final String SCHEME = "apiKey";
}
