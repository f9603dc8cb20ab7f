package dev.diffusion.api.model.service;

import dev.diffusion.common.messaging.Artifact;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Finds the files beside models' model files that the job which made each model reported: its PyTorch state dict
 * ({@code model.safetensors}) and spec ({@code model-spec.json}). They are artifacts of jobs, so the job feature
 * implements this (as {@link ModelEvaluations}); it is called inside the caller's transaction.
 */
public interface ModelExports {

    /**
     * @param jobIds the jobs that made the models (training or import jobs)
     * @return job id to its exported files, in upload order; jobs that reported none are absent
     */
    Map<UUID, List<Artifact>> exportsOf(Collection<UUID> jobIds);
}
