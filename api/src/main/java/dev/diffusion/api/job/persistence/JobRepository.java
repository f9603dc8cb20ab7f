package dev.diffusion.api.job.persistence;

import dev.diffusion.api.paging.PageCursor;
import dev.diffusion.common.messaging.JobStatus;
import dev.diffusion.common.messaging.JobType;
import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Queries of the jobs table. */
@ApplicationScoped
public class JobRepository implements PanacheRepositoryBase<JobEntity, UUID> {

    /** The tenant's job made with this Idempotency-Key (keys are per tenant). */
    public Optional<JobEntity> findByIdempotencyKey(UUID tenantId, String key) {
        return find("tenantId = ?1 and idempotencyKey = ?2", tenantId, key).firstResultOptional();
    }

    /** The tenant's QUEUED and RUNNING jobs (index {@code jobs_tenant_status_newest}). */
    public long countOpen(UUID tenantId) {
        return count("tenantId = ?1 and status in ?2", tenantId, List.of(JobStatus.QUEUED, JobStatus.RUNNING));
    }

    /** The job if it is the tenant's: another tenant's job is as absent as an unknown one. */
    public Optional<JobEntity> findOwned(UUID tenantId, UUID id) {
        return find("id = ?1 and tenantId = ?2", id, tenantId).firstResultOptional();
    }

    /**
     * The tenant's jobs newest first, optionally filtered, strictly after {@code cursor}; fetches {@code limit + 1}
     * rows so the caller can tell whether another page follows.
     */
    public List<JobEntity> page(UUID tenantId, Optional<JobStatus> status, Optional<JobType> type,
                                Optional<PageCursor> cursor, int limit) {
        List<String> where = new ArrayList<>();
        where.add("tenantId = :tenant");
        Parameters params = Parameters.with("tenant", tenantId);
        status.ifPresent(s -> {
            where.add("status = :status");
            params.and("status", s);
        });
        type.ifPresent(t -> {
            where.add("type = :type");
            params.and("type", t);
        });
        cursor.ifPresent(c -> {
            where.add("(createdAt < :at or (createdAt = :at and id < :id))");
            params.and("at", c.createdAt()).and("id", c.id());
        });
        String query = String.join(" and ", where);
        return find(query, Sort.descending("createdAt", "id"), params).page(0, limit + 1).list();
    }

    /**
     * For each of the models, the tenant's newest SUCCEEDED job of {@code type} (by finish time, then id), if it has
     * one (index {@code jobs_model_latest}).
     */
    public List<JobEntity> latestSucceeded(UUID tenantId, JobType type, Collection<UUID> modelIds) {
        if (modelIds.isEmpty()) {
            return List.of();
        }
        return getEntityManager().createQuery("""
                        select j from JobEntity j
                        where j.modelId in :models and j.type = :type and j.status = :succeeded
                        and j.tenantId = :tenant and not exists (
                            select 1 from JobEntity newer
                            where newer.modelId = j.modelId and newer.type = :type and newer.status = :succeeded
                            and newer.tenantId = :tenant
                            and (newer.finishedAt > j.finishedAt or (newer.finishedAt = j.finishedAt and newer.id > j.id)))
                        """, JobEntity.class)
                .setParameter("models", modelIds)
                .setParameter("type", type)
                .setParameter("tenant", tenantId)
                .setParameter("succeeded", JobStatus.SUCCEEDED)
                .getResultList();
    }

    /** Ids of RUNNING jobs whose last sign of life is before {@code before}. */
    public List<UUID> runningWithHeartbeatBefore(Instant before, int limit) {
        return getEntityManager().createQuery(
                        "select j.id from JobEntity j where j.status = :running and j.heartbeatAt < :before order by j.heartbeatAt",
                        UUID.class)
                .setParameter("running", JobStatus.RUNNING)
                .setParameter("before", before)
                .setMaxResults(limit)
                .getResultList();
    }

    public Map<JobStatus, Long> countByStatus() {
        Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
        for (JobStatus s : JobStatus.values()) {
            counts.put(s, 0L);
        }
        getEntityManager().createQuery("select j.status, count(j) from JobEntity j group by j.status", Object[].class)
                .getResultList()
                .forEach(row -> counts.put((JobStatus) row[0], (Long) row[1]));
        return counts;
    }

    /** Creation time of the oldest QUEUED job (how long the queue's head has waited). */
    public Optional<Instant> oldestQueuedCreatedAt() {
        return getEntityManager().createQuery("select min(j.createdAt) from JobEntity j where j.status = :queued",
                        Instant.class)
                .setParameter("queued", JobStatus.QUEUED)
                .getResultStream().filter(Objects::nonNull).findFirst();
    }
}
