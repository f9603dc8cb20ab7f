/**
 * Job logic: submission with idempotency, the state machine (the only writer of job status), the
 * application of worker events, cancellation, the heartbeat sweeper with retries and back-off, and the
 * job gauges.
 */
package dev.diffusion.api.job.service;
