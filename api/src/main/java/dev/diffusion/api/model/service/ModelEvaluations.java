package dev.diffusion.api.model.service;

import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/**
 * Finds models' latest succeeded evaluations. Evaluations are jobs, so the job feature implements this (models
 * do not depend on jobs; jobs depend on models); it is called inside the caller's transaction.
 */
public interface ModelEvaluations {

    /**
     * The newest succeeded evaluation of each of the models that has one, among the tenant's own evaluation jobs
     * (of a published model, other tenants' evaluations are theirs).
     *
     * @param tenantId whose evaluation jobs count
     * @param modelIds the models
     * @return model id to its latest evaluation; models never evaluated successfully are absent
     */
    Map<UUID, LatestEvaluation> latestOf(UUID tenantId, Collection<UUID> modelIds);
}
