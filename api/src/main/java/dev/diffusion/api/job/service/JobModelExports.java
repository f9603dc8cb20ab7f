package dev.diffusion.api.job.service;

import dev.diffusion.api.job.persistence.ArtifactEntity;
import dev.diffusion.api.job.persistence.ArtifactRepository;
import dev.diffusion.api.model.service.ModelExports;
import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** A model's exported files, read from the artifacts its training or import job reported. */
@ApplicationScoped
public class JobModelExports implements ModelExports {

    private static final Set<String> EXPORTS = Set.of(ObjectKeys.MODEL_WEIGHTS, ObjectKeys.MODEL_SPEC);

    private final ArtifactRepository artifacts;

    @Inject
    public JobModelExports(ArtifactRepository artifacts) {
        this.artifacts = artifacts;
    }

    @Override
    public Map<UUID, List<Artifact>> exportsOf(Collection<UUID> jobIds) {
        return artifacts.forJobs(jobIds).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().filter(a -> EXPORTS.contains(a.name)).map(JobModelExports::artifact).toList()));
    }

    private static Artifact artifact(ArtifactEntity a) {
        return new Artifact(a.name, a.bucket, a.objectKey, a.contentType, a.sizeBytes, a.sha256);
    }
}
