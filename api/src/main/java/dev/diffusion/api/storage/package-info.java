/**
 * Object storage seen from the api: the MinIO client, bucket creation, presigned download URLs, the
 * user data-set check and the storage readiness check. Key layout: {@link dev.diffusion.common.storage.ObjectKeys}.
 */
package dev.diffusion.api.storage;
