package dev.diffusion.api.tenant.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tenant: the owner of jobs and models. Revoking it refuses all its keys; its data stay. */
@Entity
@Table(name = "tenants")
public class TenantEntity extends PanacheEntityBase {

    /** The tenant the migration gave every job and model that existed before tenants; the bootstrap key's. */
    public static final UUID DEFAULT_ID = UUID.fromString("00000000-0000-0000-0000-000000000001");

    @Id
    public UUID id;

    @Column(nullable = false)
    public String name;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "revoked_at")
    public Instant revokedAt;

    /** Null: the installation's default; 0: unlimited. */
    @Column(name = "submissions_per_minute")
    public Integer submissionsPerMinute;

    /** Null: the installation's default; 0: unlimited. */
    @Column(name = "max_open_jobs")
    public Integer maxOpenJobs;

    /** Null: the installation's default; 0: unlimited. */
    @Column(name = "max_training_work")
    public Long maxTrainingWork;

    /** Null: the installation's default; 0: unlimited. */
    @Column(name = "max_images_per_job")
    public Integer maxImagesPerJob;

    /** Null: the installation's default; 0: unlimited. */
    @Column(name = "max_event_streams")
    public Integer maxEventStreams;

    /** Data-set locations an admin granted beyond the tenant's own area (normalised {@code s3://bucket/prefix/}). */
    @Column(name = "dataset_grants", nullable = false)
    public String[] datasetGrants = new String[0];
}
