package dev.diffusion.api.job.rest;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.job.service.JobCancellation;
import dev.diffusion.api.job.service.JobQueries;
import dev.diffusion.api.job.service.JobSnapshot;
import dev.diffusion.api.job.service.JobSubmissions;
import dev.diffusion.api.job.service.MetricSeries;
import dev.diffusion.api.job.service.Submission;
import dev.diffusion.api.paging.Page;
import dev.diffusion.api.paging.PageRequest;
import dev.diffusion.api.problem.InvalidRequestException;
import dev.diffusion.api.problem.JsonErrors;
import dev.diffusion.api.problem.Problem;
import dev.diffusion.api.problem.ResourceNotFoundException;
import dev.diffusion.api.rest.RequestParams;
import dev.diffusion.api.tenant.auth.Caller;
import dev.diffusion.api.tenant.rest.ApiSecurity;
import dev.diffusion.api.tenant.service.EventStreamSlots;
import dev.diffusion.common.messaging.JobStatus;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.ImportSpec;
import dev.diffusion.common.spec.TrainingSpec;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Submitting, reading, listing, cancelling and watching the caller's jobs. Another tenant's job is a 404 like an
 * unknown one, so its existence is never confirmed.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Jobs")
@SecurityRequirement(name = ApiSecurity.SCHEME)
@APIResponse(responseCode = "401", description = "No key, or an unknown or revoked one",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "400", description = "Unreadable request: malformed JSON, unknown field, wrong type, bad parameter",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class JobResource {

    private final JobSubmissions submissions;
    private final JobQueries queries;
    private final JobCancellation cancellation;
    private final JobMapper mapper;
    private final JobEventStream stream;
    private final DiffusionConfig.Jobs config;
    private final Caller caller;
    private final EventStreamSlots slots;
    private final MetricSeries series;

    @Inject
    public JobResource(JobSubmissions submissions, JobQueries queries, JobCancellation cancellation, JobMapper mapper,
                       JobEventStream stream, DiffusionConfig config, Caller caller, EventStreamSlots slots,
                       MetricSeries series) {
        this.submissions = submissions;
        this.queries = queries;
        this.cancellation = cancellation;
        this.mapper = mapper;
        this.stream = stream;
        this.config = config.jobs();
        this.caller = caller;
        this.slots = slots;
        this.series = series;
    }

    @POST
    @Path("training-jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a training job", description = "Only dataset is required; every other field has a default.")
    @APIResponse(responseCode = "202", description = "Accepted and queued",
            content = @Content(schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "200", description = "Replay: the job an earlier request with this Idempotency-Key made")
    @APIResponse(responseCode = "409", description = "Idempotency-Key already used for another request")
    @APIResponse(responseCode = "429", description = "The tenant's submission rate (Retry-After) or open-jobs limit")
    @APIResponse(responseCode = "422", description = "Invalid values, unknown data set")
    public Response submitTraining(TrainingSpec spec,
                                   @Parameter(description = "Makes retries safe: same key and body give the same job")
                                   @HeaderParam(RequestParams.IDEMPOTENCY_KEY) String idempotencyKey) {
        requireBody(spec);
        return accepted(submissions.submitTraining(caller.principal(), spec,
                RequestParams.idempotencyKey(idempotencyKey)));
    }

    @POST
    @Path("generation-jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit a generation job", description = "Samples images from a model of a succeeded training job.")
    @APIResponse(responseCode = "202", description = "Accepted and queued",
            content = @Content(schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "200", description = "Replay: the job an earlier request with this Idempotency-Key made")
    @APIResponse(responseCode = "409", description = "Idempotency-Key already used for another request")
    @APIResponse(responseCode = "429", description = "The tenant's submission rate (Retry-After) or open-jobs limit")
    @APIResponse(responseCode = "422", description = "Invalid values, unknown modelId, spec the model cannot run")
    public Response submitGeneration(GenerationSpec spec,
                                     @HeaderParam(RequestParams.IDEMPOTENCY_KEY) String idempotencyKey) {
        requireBody(spec);
        return accepted(submissions.submitGeneration(caller.principal(), spec,
                RequestParams.idempotencyKey(idempotencyKey)));
    }

    @POST
    @Path("evaluation-jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an evaluation job", description = "Scores a model of a succeeded training job: "
            + "conditional accuracy, Fréchet distance and images per second, for one or more samplers "
            + "(or the standard sampler sweep). The job's spec is the effective one, the sweep expanded.")
    @APIResponse(responseCode = "202", description = "Accepted and queued",
            content = @Content(schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "200", description = "Replay: the job an earlier request with this Idempotency-Key made")
    @APIResponse(responseCode = "409", description = "Idempotency-Key already used for another request")
    @APIResponse(responseCode = "429", description = "The tenant's submission rate (Retry-After) or open-jobs limit")
    @APIResponse(responseCode = "422", description = "Invalid values, unknown modelId, samplers the model cannot run, "
            + "both samplers and sweep")
    public Response submitEvaluation(EvaluationSpec spec,
                                     @HeaderParam(RequestParams.IDEMPOTENCY_KEY) String idempotencyKey) {
        requireBody(spec);
        return accepted(submissions.submitEvaluation(caller.principal(), spec,
                RequestParams.idempotencyKey(idempotencyKey)));
    }

    @POST
    @Path("import-jobs")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Submit an import job", description = "Imports a PyTorch state dict (.safetensors or .npz, "
            + "PyTorch parameter names) uploaded to the caller's tenant area (POST /api/v1/uploads) into the network the "
            + "spec describes; a worker validates every tensor and, when they all fit, registers the model. Only weights "
            + "is required.")
    @APIResponse(responseCode = "202", description = "Accepted and queued",
            content = @Content(schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "200", description = "Replay: the job an earlier request with this Idempotency-Key made")
    @APIResponse(responseCode = "409", description = "Idempotency-Key already used for another request")
    @APIResponse(responseCode = "429", description = "The tenant's submission rate (Retry-After) or open-jobs limit")
    @APIResponse(responseCode = "422", description = "Invalid values; weights outside the tenant's area, not uploaded, "
            + "or over the size limit")
    @APIResponse(responseCode = "503", description = "Object storage unreachable while checking the weights")
    public Response submitImport(ImportSpec spec, @HeaderParam(RequestParams.IDEMPOTENCY_KEY) String idempotencyKey) {
        requireBody(spec);
        return accepted(submissions.submitImport(caller.principal(), spec, RequestParams.idempotencyKey(idempotencyKey)));
    }

    @GET
    @Path("jobs/{id}")
    @Operation(summary = "Get a job")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job")
    public JobResponse get(@PathParam("id") String id) {
        return mapper.toResponse(find(id));
    }

    @GET
    @Path("jobs")
    @Operation(summary = "List jobs, newest first", description = "Pass nextCursor back as cursor for the next page.")
    public JobPageResponse list(@QueryParam("status") @Parameter(description = "QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED") String status,
                                @QueryParam("type") @Parameter(description = "TRAINING, GENERATION, EVALUATION or IMPORT") String type,
                                @QueryParam("limit") @Parameter(description = "1 to 100, default 20") String limit,
                                @QueryParam("cursor") String cursor) {
        var statusFilter = RequestParams.enumValue(status, JobStatus.class, "status");
        var typeFilter = RequestParams.enumValue(type, JobType.class, "type");
        PageRequest page = PageRequest.parse(limit, cursor, config.defaultPageSize(), config.maxPageSize());
        Page<JobSnapshot> jobs = queries.list(caller.tenantId(), statusFilter, typeFilter, page);
        return new JobPageResponse(jobs.items().stream().map(mapper::toResponse).toList(), jobs.nextCursor());
    }

    @POST
    @Path("jobs/{id}/cancel")
    @Operation(summary = "Cancel a job", description = "QUEUED: cancelled at once (200). RUNNING: the worker is asked to "
            + "stop within one step and keep what it made; the job becomes CANCELLED when it confirms (202).")
    @APIResponse(responseCode = "200", description = "Cancelled", content = @Content(schema = @Schema(implementation = JobResponse.class)))
    @APIResponse(responseCode = "202", description = "Cancel requested from the running worker")
    @APIResponse(responseCode = "404", description = "No such job")
    @APIResponse(responseCode = "409", description = "The job already finished")
    public Response cancel(@PathParam("id") String id) {
        JobCancellation.Result result = cancellation.cancel(caller.tenantId(), RequestParams.id(id, "job"));
        return Response.status(result.immediate() ? Response.Status.OK : Response.Status.ACCEPTED)
                .entity(mapper.toResponse(result.job())).build();
    }

    @GET
    @Path("jobs/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Watch a job", description = "Server-sent events: 'status' when status or attempt changes, "
            + "'progress' for other changes; data is a JobUpdate. The stream ends after the final status.")
    @APIResponse(responseCode = "404", description = "No such job")
    @APIResponse(responseCode = "429", description = "The tenant's event streams are all open")
    @Blocking
    public Multi<OutboundSseEvent> events(@PathParam("id") String id, @Context Sse sse) {
        UUID jobId = find(id).job().id;
        return stream.watch(jobId, sse, slots.acquire(caller.principal(), jobId));
    }

    @GET
    @Path("jobs/{id}/history")
    @Operation(summary = "A job's history", description = "Every worker event received (applied or ignored, and why) "
            + "and every transition the api made, oldest first.")
    public List<HistoryEntryResponse> history(@PathParam("id") String id) {
        UUID jobId = find(id).job().id;
        return queries.history(jobId).stream().map(mapper::toResponse).toList();
    }

    @GET
    @Path("jobs/{id}/metrics")
    @Operation(summary = "A job's metrics by step", description = "The metrics of its progress events (loss, lr, "
            + "gradNorm, imagesPerSecond, secondsPerStep, …) as the api applied them, by step: at most 1000 points, "
            + "the latest event of each of 1000 equal ranges of steps.")
    @APIResponse(responseCode = "200", content = @Content(schema = @Schema(implementation = MetricSeriesResponse.class)))
    @APIResponse(responseCode = "404", description = "No such job")
    public MetricSeriesResponse metrics(@PathParam("id") String id) {
        UUID jobId = find(id).job().id;
        return new MetricSeriesResponse(jobId, series.of(jobId).stream().map(mapper::toResponse).toList());
    }

    private JobSnapshot find(String id) {
        UUID jobId = RequestParams.id(id, "job");
        return queries.find(caller.tenantId(), jobId)
                .orElseThrow(() -> new ResourceNotFoundException("no job with id " + jobId));
    }

    private Response accepted(Submission submission) {
        JobResponse body = mapper.toResponse(submission.job());
        return Response.status(submission.replayed() ? Response.Status.OK : Response.Status.ACCEPTED)
                .location(URI.create("/api/v1/jobs/" + body.id()))
                .header("Idempotent-Replayed", submission.replayed() ? "true" : null)
                .entity(body)
                .build();
    }

    private static void requireBody(Object body) {
        if (body == null) {
            throw InvalidRequestException.of(JsonErrors.BODY, "is required: a JSON object");
        }
    }
}
