package dev.diffusion.api.tenant.auth;

import dev.diffusion.api.problem.ForbiddenException;
import dev.diffusion.api.problem.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import java.util.UUID;

/**
 * The principal of the current request, set by the authentication filter before any resource method runs.
 * Services take the tenant id as an argument; only resources read it here.
 */
@RequestScoped
public class Caller {

    private Principal principal;

    public void authenticated(Principal principal) {
        this.principal = principal;
    }

    /** The caller; a 401 if the request was not authenticated (a resource the filter did not cover). */
    public Principal principal() {
        if (principal == null) {
            throw new UnauthorizedException("an API key is required: Authorization: Bearer <key>");
        }
        return principal;
    }

    public UUID tenantId() {
        return principal().tenantId();
    }

    /** @throws ForbiddenException (403) unless the caller's key has the admin role */
    public Principal requireAdmin() {
        Principal p = principal();
        if (!p.isAdmin()) {
            throw new ForbiddenException("this endpoint needs a key with the admin role");
        }
        return p;
    }
}
