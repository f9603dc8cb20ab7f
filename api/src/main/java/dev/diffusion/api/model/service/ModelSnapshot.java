package dev.diffusion.api.model.service;

import dev.diffusion.api.model.persistence.ModelEntity;

/**
 * A model and its latest succeeded evaluation as read in one transaction (detached; the REST layer maps it).
 *
 * @param model            the model
 * @param latestEvaluation its newest succeeded evaluation job, or null
 */
public record ModelSnapshot(ModelEntity model, LatestEvaluation latestEvaluation) {
}
