/**
 * Model logic: registration by a succeeded training job, and reads, each model with its latest succeeded evaluation
 * (found through {@link dev.diffusion.api.model.service.ModelEvaluations}, which the job feature implements).
 */
package dev.diffusion.api.model.service;
