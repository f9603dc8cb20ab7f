/**
 * Who is calling: the {@link dev.diffusion.api.tenant.auth.Principal} a bearer key names (tenant and role), the
 * request-scoped {@link dev.diffusion.api.tenant.auth.Caller} other features ask for it, and the key format
 * (random, hashed). No storage here, so jobs and models depend on this package only.
 */
package dev.diffusion.api.tenant.auth;
