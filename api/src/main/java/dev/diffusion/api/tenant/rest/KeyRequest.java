package dev.diffusion.api.tenant.rest;

/**
 * Body of {@code POST /admin/tenants/{id}/keys}.
 *
 * @param name whose key it is (1 to 100 characters)
 * @param role {@code admin} or {@code member}
 */
public record KeyRequest(String name, String role) {
}
