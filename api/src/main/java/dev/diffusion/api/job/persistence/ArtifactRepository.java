package dev.diffusion.api.job.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Queries of the artifacts table. */
@ApplicationScoped
public class ArtifactRepository implements PanacheRepositoryBase<ArtifactEntity, Long> {

    public List<ArtifactEntity> forJob(UUID jobId) {
        return list("jobId", Sort.ascending("id"), jobId);
    }

    /** The artifacts of several jobs at once, by job id (for listings). */
    public Map<UUID, List<ArtifactEntity>> forJobs(Collection<UUID> jobIds) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        return list("jobId in ?1", Sort.ascending("id"), jobIds).stream()
                .collect(Collectors.groupingBy(a -> a.jobId));
    }

    /** The artifact called {@code name} of each of the jobs that has one, by job id. */
    public Map<UUID, ArtifactEntity> named(Collection<UUID> jobIds, String name) {
        if (jobIds.isEmpty()) {
            return Map.of();
        }
        return list("jobId in ?1 and name = ?2", jobIds, name).stream()
                .collect(Collectors.toMap(a -> a.jobId, a -> a));
    }

    /** The row of a job's artifact with that name, new or to be replaced. */
    public ArtifactEntity findOrNew(UUID jobId, String name) {
        ArtifactEntity existing = find("jobId = ?1 and name = ?2", jobId, name).firstResult();
        if (existing != null) {
            return existing;
        }
        ArtifactEntity created = new ArtifactEntity();
        created.jobId = jobId;
        created.name = name;
        return created;
    }
}
