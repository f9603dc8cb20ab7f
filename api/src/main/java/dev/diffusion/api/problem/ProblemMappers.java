package dev.diffusion.api.problem;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.SpecValidationException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.inject.Inject;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The one family of exception mappers: every error leaves the api as an RFC 7807
 * {@code application/problem+json} document.
 *
 * <ul>
 *   <li>400 {@code invalid-request}: unreadable body (malformed JSON, unknown field, wrong type, unknown
 *       enum value; {@code errors[].field} is the path of the value), bad query parameter or header.</li>
 *   <li>422 {@code validation-failed}: a readable body whose values break the rules.</li>
 *   <li>401 {@code unauthorized} (with {@code WWW-Authenticate: Bearer}), 403 {@code forbidden}, 404
 *       {@code not-found}, 409 {@code conflict}, 503 {@code dependency-unavailable}.</li>
 *   <li>Other HTTP errors (405, 406, 415, …) keep their status; anything unexpected is a 500 without
 *       internals in the body.</li>
 * </ul>
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @Inject
    ObjectMapper mapper;

    @ServerExceptionMapper
    public Response problem(ProblemException e, HttpServerRequest request) {
        Response response = respond(e.status(), e.slug(), e.title(), e.getMessage(), request, e.errors());
        e.headers().forEach(response.getHeaders()::putSingle);
        return response;
    }

    @ServerExceptionMapper
    public Response specInvalid(SpecValidationException e, HttpServerRequest request) {
        return problem(new ValidationFailedException(e.errors()), request);
    }

    @ServerExceptionMapper
    public Response mismatchedInput(MismatchedInputException e, HttpServerRequest request) {
        return unreadableJson(e, request);
    }

    @ServerExceptionMapper
    public Response unmappableJson(JsonMappingException e, HttpServerRequest request) {
        return unreadableJson(e, request);
    }

    @ServerExceptionMapper
    public Response malformedJson(JsonParseException e, HttpServerRequest request) {
        return unreadableJson(e, request);
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e, HttpServerRequest request) {
        FieldError error = JsonErrors.toFieldError(e);
        return respond(400, "invalid-request", "Invalid request", "the request body cannot be read: " + error,
                request, List.of(error));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e, HttpServerRequest request) {
        List<FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new FieldError(lastNode(v.getPropertyPath().toString()), v.getMessage()))
                .toList();
        return problem(InvalidRequestException.ofFields("invalid request parameters", errors), request);
    }

    @ServerExceptionMapper
    public Response http(WebApplicationException e, HttpServerRequest request) {
        Throwable cause = e.getCause();
        if (cause instanceof JsonProcessingException json) {
            return unreadableJson(json, request);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String slug = status.getReasonPhrase().toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
        return respond(status.getStatusCode(), slug, status.getReasonPhrase(), e.getMessage(), request, List.of());
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpServerRequest request) {
        if (e.getCause() instanceof ProblemException p) {
            return problem(p, request);
        }
        LOG.errorf(e, "unexpected error on %s %s", request.method(), request.path());
        return respond(500, "internal-error", "Internal error",
                "the server failed to handle the request; it has been logged", request, List.of());
    }

    private Response respond(int status, String slug, String title, String detail, HttpServerRequest request,
                             List<FieldError> errors) {
        Problem problem = new Problem(Problem.TYPE_PREFIX + slug, title, status, detail, request.path(), errors);
        try {
            return Response.status(status).type(Problem.MEDIA_TYPE).entity(mapper.writeValueAsString(problem)).build();
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    private static String lastNode(String propertyPath) {
        int dot = propertyPath.lastIndexOf('.');
        return dot < 0 ? propertyPath : propertyPath.substring(dot + 1);
    }
}
