/**
 * Job persistence: the job row (optimistic locking through {@code version}), its artifacts and its
 * append-only history, with the repositories that query them. Schema: Flyway {@code db/migration}.
 */
package dev.diffusion.api.job.persistence;
