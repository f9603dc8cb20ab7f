/**
 * Uploads: {@code POST /api/v1/uploads} hands out presigned PUT URLs into the caller's tenant area, so that large files
 * (weights to import, data sets) go straight to object storage and never through the api.
 */
package dev.diffusion.api.upload;
