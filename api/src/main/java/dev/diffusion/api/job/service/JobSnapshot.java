package dev.diffusion.api.job.service;

import dev.diffusion.api.job.persistence.ArtifactEntity;
import dev.diffusion.api.job.persistence.JobEntity;
import java.util.List;

/**
 * A job row and its artifacts as read in one transaction (detached; the REST layer maps it to its DTO).
 *
 * @param job       the job
 * @param artifacts its artifacts, oldest first
 */
public record JobSnapshot(JobEntity job, List<ArtifactEntity> artifacts) {
}
