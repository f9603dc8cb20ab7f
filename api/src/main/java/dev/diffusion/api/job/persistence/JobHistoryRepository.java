package dev.diffusion.api.job.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** The append-only job history ({@code job_events}). */
@ApplicationScoped
public class JobHistoryRepository implements PanacheRepositoryBase<JobHistoryEntity, Long> {

    public List<JobHistoryEntity> forJob(UUID jobId) {
        return list("jobId", Sort.ascending("id"), jobId);
    }
}
