package dev.diffusion.api.tenant.rest;

import java.util.List;

/**
 * Body of {@code PUT /admin/tenants/{id}/dataset-grants}.
 *
 * @param locations {@code s3://bucket/} or {@code s3://bucket/prefix/} locations the tenant's jobs may read data sets
 *                  from beyond its own area; replaces the earlier list ({@code []} withdraws every grant)
 */
public record DatasetGrantsRequest(List<String> locations) {
}
