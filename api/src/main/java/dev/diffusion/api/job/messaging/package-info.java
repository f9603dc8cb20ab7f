/**
 * Kafka side of jobs: the transactional outbox and its relay (dispatches, control commands, dead
 * letters), topic creation, the job-event consumer and the Kafka readiness check. The message records
 * are in {@link dev.diffusion.common.messaging}.
 */
package dev.diffusion.api.job.messaging;
