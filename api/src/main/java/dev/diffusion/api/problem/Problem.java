package dev.diffusion.api.problem;

import dev.diffusion.common.spec.FieldError;
import java.util.List;

/**
 * An RFC 7807 problem document, sent as {@code application/problem+json}.
 *
 * @param type     a URN naming the kind of problem, e.g. {@code urn:diffusion:problem:validation-failed}
 * @param title    short summary of the kind
 * @param status   the HTTP status
 * @param detail   what went wrong with this request
 * @param instance the request path
 * @param errors   one entry per offending field (dotted path, e.g. {@code model.baseChannels}); empty if none
 */
public record Problem(String type, String title, int status, String detail, String instance, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_PREFIX = "urn:diffusion:problem:";
}
