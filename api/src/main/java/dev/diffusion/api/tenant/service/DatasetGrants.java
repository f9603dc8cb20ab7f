package dev.diffusion.api.tenant.service;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.problem.ResourceNotFoundException;
import dev.diffusion.api.problem.ValidationFailedException;
import dev.diffusion.api.tenant.persistence.TenantEntity;
import dev.diffusion.api.tenant.persistence.TenantRepository;
import dev.diffusion.common.spec.Datasets;
import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.storage.DatasetScope;
import dev.diffusion.common.storage.ObjectKeys;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Where a tenant's jobs may read {@code s3://} data sets: its own area of the datasets bucket
 * ({@code tenants/{id}/}, where {@code POST /uploads} writes), the built-in data sets, and the locations an admin
 * granted it. The worker reads with the platform's credentials, which reach every bucket; this scope, checked at
 * submission and sent with every dispatch (the worker checks it again), is what keeps a tenant out of the others'.
 */
@ApplicationScoped
public class DatasetGrants {

    private final TenantRepository tenants;
    private final String datasetsBucket;

    @Inject
    public DatasetGrants(TenantRepository tenants, DiffusionConfig config) {
        this.tenants = tenants;
        this.datasetsBucket = config.s3().datasetsBucket();
    }

    /**
     * The scope of a tenant's jobs now (a grant withdrawn since submission no longer holds at the next dispatch).
     *
     * @param tenantId the tenant
     * @return its area, the built-in data sets and its grants
     */
    public DatasetScope scopeOf(UUID tenantId) {
        String[] granted = tenants.findByIdOptional(tenantId).map(t -> t.datasetGrants).orElse(new String[0]);
        return scopeOf(tenantId, granted);
    }

    /**
     * The scope of a tenant with the given grants.
     *
     * @param tenantId the tenant
     * @param granted  its grants
     * @return its area, the built-in data sets and the grants
     */
    public DatasetScope scopeOf(UUID tenantId, String[] granted) {
        return DatasetScope.of(datasetsBucket, ObjectKeys.tenantArea(tenantId),
                granted == null ? List.of() : Arrays.asList(granted));
    }

    /**
     * Why a tenant's job may not read a data set, or empty when it may (or when it is not an {@code s3://} location).
     *
     * @param tenantId the tenant
     * @param dataset  the spec's {@code dataset}, a well-formed name
     * @return the problem in words, naming the locations the tenant may read
     */
    public Optional<String> problemWith(UUID tenantId, String dataset) {
        if (!Datasets.isObjectStoreLocation(dataset)) {
            return Optional.empty();
        }
        DatasetScope scope = scopeOf(tenantId);
        if (scope.allows(dataset)) {
            return Optional.empty();
        }
        List<String> granted = scope.locations().subList(2, scope.locations().size());
        return Optional.of(dataset + " lies outside the locations this tenant may read: " + scope.locations().get(0)
                + " (its own area; POST /api/v1/uploads writes there)"
                + (granted.isEmpty() ? "" : ", " + String.join(", ", granted) + " (granted)")
                + " and the built-in data sets; an admin may grant other locations");
    }

    /**
     * Replaces the locations granted to a tenant.
     *
     * @param tenantId  the tenant
     * @param locations {@code s3://bucket/} or {@code s3://bucket/prefix/} locations, at most
     *                  {@value DatasetScope#MAX_GRANTS}; duplicates are kept once
     * @return the tenant
     * @throws ValidationFailedException (422) naming {@code locations[i]} for a location that cannot exist, or
     *                                   {@code locations} for a missing list or too many
     * @throws ResourceNotFoundException (404) for an unknown tenant
     */
    public TenantEntity grant(UUID tenantId, List<String> locations) {
        List<FieldError> errors = new ArrayList<>();
        if (locations == null) {
            errors.add(new FieldError("locations", "is required: a list of s3://bucket/prefix/ locations (may be empty)"));
        } else if (locations.size() > DatasetScope.MAX_GRANTS) {
            errors.add(new FieldError("locations", "at most " + DatasetScope.MAX_GRANTS + " locations (was "
                    + locations.size() + ")"));
        } else {
            for (int i = 0; i < locations.size(); i++) {
                int index = i;
                DatasetScope.problemWith(locations.get(i))
                        .ifPresent(why -> errors.add(new FieldError("locations[" + index + "]", why)));
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        // the scope normalises them; its first two entries are the tenant's area and the built-in data sets
        List<String> normalised = scopeOf(tenantId, locations.toArray(String[]::new)).locations();
        String[] grants = new LinkedHashSet<>(normalised.subList(2, normalised.size())).toArray(String[]::new);
        return QuarkusTransaction.requiringNew().call(() -> {
            TenantEntity tenant = tenants.findByIdOptional(tenantId)
                    .orElseThrow(() -> new ResourceNotFoundException("no tenant with id " + tenantId));
            tenant.datasetGrants = grants;
            return tenant;
        });
    }
}
