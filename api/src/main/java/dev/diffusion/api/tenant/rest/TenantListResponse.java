package dev.diffusion.api.tenant.rest;

import java.util.List;

/** Every tenant, oldest first. */
public record TenantListResponse(List<TenantResponse> items) {
}
