/**
 * The Kafka message contract between the api and the workers: the records sent on each topic
 * ({@link dev.diffusion.common.messaging.Topics}), their JSON codec, the job status enum and its one
 * transition table ({@link dev.diffusion.common.messaging.JobStatusTransitions}).
 *
 * <p>Flow: the api publishes a {@link dev.diffusion.common.messaging.JobDispatch} per attempt; a worker
 * runs it and publishes {@link dev.diffusion.common.messaging.JobEvent}s; the api applies them (it alone
 * writes job state) and publishes {@link dev.diffusion.common.messaging.JobControl} to cancel.
 * The long form is {@code docs/messaging.md}.
 */
package dev.diffusion.common.messaging;
