/**
 * Object storage seen from the api: the MinIO client, bucket creation, presigned download and upload URLs, the
 * user data-set check, tenants' areas ({@link dev.diffusion.api.storage.TenantFiles}) and the storage readiness
 * check. Key layout: {@link dev.diffusion.common.storage.ObjectKeys}.
 */
package dev.diffusion.api.storage;
