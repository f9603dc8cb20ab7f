package dev.diffusion.api.job.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A file a job reported; one row per (job, name), replaced when a later attempt reports it again. */
@Entity
@Table(name = "artifacts")
public class ArtifactEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    public int attempt;

    @Column(nullable = false)
    public String name;

    @Column(nullable = false)
    public String bucket;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "content_type", nullable = false)
    public String contentType;

    @Column(name = "size_bytes")
    public long sizeBytes;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
