/**
 * Tenants and API keys: who is calling ({@code auth}: every {@code /api/v1} request carries a bearer key that
 * names a tenant and a role), how tenants and keys are created and revoked ({@code service}, {@code rest}:
 * the admin endpoints) and where they are stored ({@code persistence}). Jobs and models are the tenant's own;
 * their features ask {@link dev.diffusion.api.tenant.auth.Caller} whose they are.
 */
package dev.diffusion.api.tenant;
