/**
 * REST endpoints of jobs ({@code /api/v1/training-jobs}, {@code /generation-jobs}, {@code /evaluation-jobs},
 * {@code /jobs}): request and response records, the entity-to-record mapper and the server-sent event stream.
 */
package dev.diffusion.api.job.rest;
