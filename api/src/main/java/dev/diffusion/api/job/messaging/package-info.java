/**
 * Kafka side of jobs: the transactional outbox and its relay (dispatches, control commands, dead
 * letters), topic creation, the job-event consumer and the Kafka readiness check. The consumer hands
 * records to a {@link dev.diffusion.api.job.messaging.JobEventHandler} that the job service implements,
 * so this package does not depend on the service (the service depends on the outbox). The message
 * records are in {@link dev.diffusion.common.messaging}.
 */
package dev.diffusion.api.job.messaging;
