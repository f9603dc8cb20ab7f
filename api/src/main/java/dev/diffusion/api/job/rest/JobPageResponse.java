package dev.diffusion.api.job.rest;

import java.util.List;

/**
 * A page of jobs, newest first.
 *
 * @param items      the jobs
 * @param nextCursor pass as {@code cursor} for the next page; absent on the last page
 */
public record JobPageResponse(List<JobResponse> items, String nextCursor) {
}
