package dev.diffusion.api.model.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/** A model, registered when its training job or its import job succeeded. */
@Entity
@Table(name = "models")
public class ModelEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The tenant of the training job that made it: only its keys see and use the model. */
    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;

    /** Published by an admin: every tenant may read it and sample or evaluate it. */
    @Column(nullable = false)
    public boolean published;

    /** The job that made it: its training job, or its import job when {@link #source} is IMPORT. */
    @Column(name = "training_job_id", nullable = false)
    public UUID trainingJobId;

    /** How the model came to the platform. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public ModelSource source = ModelSource.TRAINING;

    /** The name an import gave it, or null. */
    public String name;

    /** An import's weights file: {@code s3://bucket/key}, else null. */
    @Column(name = "source_uri")
    public String sourceUri;

    /** An import's weights file size, else null. */
    @Column(name = "source_size_bytes")
    public Long sourceSizeBytes;

    /** An import's weights file SHA-256 (hex) as the worker read it, else null. */
    @Column(name = "source_sha256")
    public String sourceSha256;

    /** The effective TrainingSpec as JSON. */
    @Column(columnDefinition = "jsonb", nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String spec;

    @Column(nullable = false)
    public String bucket;

    @Column(name = "object_key", nullable = false)
    public String objectKey;

    @Column(name = "size_bytes")
    public long sizeBytes;

    @Column(nullable = false)
    public String sha256;

    @Column(name = "trained_steps")
    public Integer trainedSteps;

    /** Final training metrics as a JSON object of name to number. */
    @Column(columnDefinition = "jsonb", nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String metrics;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;
}
