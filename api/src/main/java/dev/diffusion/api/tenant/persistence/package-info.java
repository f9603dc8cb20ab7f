/** Tenant persistence: tenants and API keys (only each key's SHA-256 is stored). */
package dev.diffusion.api.tenant.persistence;
