package dev.diffusion.api.tenant.rest;

import dev.diffusion.api.problem.ForbiddenException;
import dev.diffusion.api.problem.UnauthorizedException;
import dev.diffusion.api.tenant.auth.AdminOnly;
import dev.diffusion.api.tenant.auth.Caller;
import dev.diffusion.api.tenant.auth.Principal;
import dev.diffusion.api.tenant.service.KeyAuthenticator;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.SimpleResourceInfo;

/**
 * Authenticates every REST resource request (all of them are under {@code /api/v1}; health, metrics, OpenAPI and
 * Swagger UI are not REST resources and stay open): {@code Authorization: Bearer <key>} with a live key, else a
 * 401; a resource class marked {@link AdminOnly} needs the admin role, else a 403. The endpoints are blocking, so
 * the filter runs on a worker thread and may read the database on a cache miss.
 */
public class AuthFilter {

    private static final String BEARER = "Bearer ";

    private final KeyAuthenticator authenticator;
    private final Caller caller;

    @Inject
    public AuthFilter(KeyAuthenticator authenticator, Caller caller) {
        this.authenticator = authenticator;
        this.caller = caller;
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION)
    public void authenticate(ContainerRequestContext request, SimpleResourceInfo resource) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw new UnauthorizedException("an API key is required: send Authorization: Bearer <key>");
        }
        if (!header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("the Authorization header must be 'Bearer <key>'");
        }
        Principal principal = authenticator.authenticate(header.substring(BEARER.length()).trim())
                .orElseThrow(() -> new UnauthorizedException("the API key is unknown or revoked"));
        caller.authenticated(principal);
        if (resource.getResourceClass().isAnnotationPresent(AdminOnly.class) && !principal.isAdmin()) {
            throw new ForbiddenException("this endpoint needs a key with the admin role");
        }
    }
}
