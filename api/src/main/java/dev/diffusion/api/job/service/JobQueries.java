package dev.diffusion.api.job.service;

import dev.diffusion.api.job.persistence.ArtifactEntity;
import dev.diffusion.api.job.persistence.ArtifactRepository;
import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.job.persistence.JobHistoryEntity;
import dev.diffusion.api.job.persistence.JobHistoryRepository;
import dev.diffusion.api.job.persistence.JobRepository;
import dev.diffusion.api.paging.Page;
import dev.diffusion.api.paging.PageCursor;
import dev.diffusion.api.paging.PageRequest;
import dev.diffusion.common.messaging.JobStatus;
import dev.diffusion.common.messaging.JobType;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Read side of jobs: one job, a filtered page, a job's history. */
@ApplicationScoped
public class JobQueries {

    private final JobRepository jobs;
    private final ArtifactRepository artifacts;
    private final JobHistoryRepository history;

    @Inject
    public JobQueries(JobRepository jobs, ArtifactRepository artifacts, JobHistoryRepository history) {
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.history = history;
    }

    /** Any tenant's job: for the api's own use after the caller's ownership was checked. */
    public Optional<JobSnapshot> find(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> jobs.findByIdOptional(id)
                .map(job -> new JobSnapshot(job, artifacts.forJob(id))));
    }

    /** The job if it is the tenant's; another tenant's job is empty, as an unknown one. */
    public Optional<JobSnapshot> find(UUID tenantId, UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> jobs.findOwned(tenantId, id)
                .map(job -> new JobSnapshot(job, artifacts.forJob(id))));
    }

    /** The tenant's jobs newest first, filtered by status and type when given. */
    public Page<JobSnapshot> list(UUID tenantId, Optional<JobStatus> status, Optional<JobType> type,
                                  PageRequest page) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<JobEntity> rows = jobs.page(tenantId, status, type, page.cursor(), page.limit());
            Map<UUID, List<ArtifactEntity>> files = artifacts.forJobs(rows.stream().map(j -> j.id).toList());
            return Page.of(rows, page.limit(), j -> new PageCursor(j.createdAt, j.id),
                    j -> new JobSnapshot(j, files.getOrDefault(j.id, List.of())));
        });
    }

    /** The job's history, oldest first. */
    public List<JobHistoryEntity> history(UUID id) {
        return QuarkusTransaction.joiningExisting().call(() -> history.forJob(id));
    }
}
