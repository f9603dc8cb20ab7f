package dev.diffusion.api.tenant.rest;

/**
 * Body of {@code POST /admin/tenants}.
 *
 * @param name unique; letters, digits, '.', '_' or '-' (1 to 100)
 */
public record TenantRequest(String name) {
}
