package dev.diffusion.common.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffusion.common.json.JsonMapper;
import java.util.stream.Collectors;

/**
 * Turns message records into JSON text and back with the strict shared {@link JsonMapper}: unknown
 * fields are rejected, nulls omitted, times ISO-8601. Kafka keys and values are UTF-8 strings.
 */
public final class MessageCodec {

    /** Record header naming the value's record type (e.g. {@code JobDispatch}); informational. */
    public static final String TYPE_HEADER = "message-type";

    private static final ObjectMapper MAPPER = JsonMapper.shared();

    private MessageCodec() {
    }

    public static String encode(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + message.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /**
     * Reads a message.
     *
     * @throws MalformedMessageException saying which field is wrong and why
     */
    public static <T> T decode(String json, Class<T> type) {
        if (json == null || json.isBlank()) {
            throw new MalformedMessageException("empty " + type.getSimpleName() + " message", null);
        }
        try {
            T value = MAPPER.readValue(json, type);
            if (value == null) {
                throw new MalformedMessageException("null " + type.getSimpleName() + " message", null);
            }
            return value;
        } catch (JsonMappingException e) {
            throw new MalformedMessageException("invalid " + type.getSimpleName() + " at '" + path(e) + "': "
                    + rootMessage(e), e);
        } catch (JsonProcessingException e) {
            throw new MalformedMessageException("invalid " + type.getSimpleName() + " JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t instanceof JsonProcessingException j ? j.getOriginalMessage() : t.getMessage();
    }
}
