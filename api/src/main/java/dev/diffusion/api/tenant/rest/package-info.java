/**
 * Tenant REST: the filter that authenticates every {@code /api/v1} request by its bearer key, the admin
 * endpoints ({@code /api/v1/admin}: tenants and keys) and {@code /api/v1/me}.
 */
package dev.diffusion.api.tenant.rest;
