package dev.diffusion.api.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.diffusion.common.spec.FieldError;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns a Jackson failure into one {@link FieldError} whose field is the dotted path of the offending
 * value ({@code model.channelMultipliers[1]}), or {@value #BODY} for the body as a whole.
 */
public final class JsonErrors {

    /** Field name used when the problem is the body itself (empty, not an object, not JSON). */
    public static final String BODY = "body";

    private JsonErrors() {
    }

    public static FieldError toFieldError(JsonProcessingException e) {
        if (e instanceof JsonMappingException m) {
            return new FieldError(path(m), message(m));
        }
        return new FieldError(parserPath(e), "malformed JSON: " + e.getOriginalMessage() + location(e));
    }

    private static String message(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field; known fields are " + known(u.getKnownPropertyIds());
        }
        if (e instanceof InvalidFormatException f) {
            return "cannot be " + quote(f.getValue()) + ": expected " + describe(f.getTargetType());
        }
        String original = Objects.requireNonNullElse(e.getOriginalMessage(), "");
        if (original.startsWith("Trailing token")) {
            return "Trailing token: content after the JSON value" + location(e) + "; a body is one JSON object";
        }
        Throwable root = rootCause(e);
        if (root != e && root instanceof IllegalArgumentException) {
            return root.getMessage();
        }
        if (e instanceof MismatchedInputException m && m.getTargetType() != null) {
            return "wrong type: expected " + describe(m.getTargetType());
        }
        return Objects.requireNonNullElse(e.getOriginalMessage(), "cannot be read");
    }

    private static String path(JsonMappingException e) {
        if (e.getPath().isEmpty()) {
            return BODY;
        }
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String parserPath(JsonProcessingException e) {
        if (!(e.getProcessor() instanceof JsonParser parser)) {
            return BODY;
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext ctx = parser.getParsingContext(); ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
            if (ctx.inArray()) {
                parts.push("[" + Math.max(0, ctx.getCurrentIndex()) + "]");
            } else if (ctx.getCurrentName() != null) {
                parts.push("." + ctx.getCurrentName());
            }
        }
        String joined = String.join("", parts).replaceFirst("^\\.", "");
        return joined.isEmpty() ? BODY : joined;
    }

    private static String location(JsonProcessingException e) {
        return e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(type) || Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of the allowed names";
        }
        return "an object (" + type.getSimpleName() + ")";
    }

    private static String known(Collection<Object> ids) {
        if (ids == null || ids.isEmpty()) {
            return "none";
        }
        return ids.stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new)).toString();
    }

    private static String quote(Object value) {
        return value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
    }

    private static Throwable rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }
}
