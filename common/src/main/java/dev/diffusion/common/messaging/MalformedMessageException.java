package dev.diffusion.common.messaging;

/** A message could not be read: not JSON, an unknown or missing field, or a rule of its record broken. */
public class MalformedMessageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MalformedMessageException(String message, Throwable cause) {
        super(message, cause);
    }
}
