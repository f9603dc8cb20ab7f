package dev.diffusion.deploy.infra;

/**
 * A local server could not be started, stopped or used. The message is always one line of the form
 * {@code "<component>: <problem>"}, e.g. {@code "kafka: port 9092 already in use"}.
 */
public final class InfrastructureException extends RuntimeException {

    private final String component;

    public InfrastructureException(String component, String problem) {
        this(component, problem, null);
    }

    public InfrastructureException(String component, String problem, Throwable cause) {
        super(component + ": " + oneLine(problem), cause);
        this.component = component;
    }

    public InfrastructureException(Component component, String problem) {
        this(component.label(), problem, null);
    }

    public InfrastructureException(Component component, String problem, Throwable cause) {
        this(component.label(), problem, cause);
    }

    /** What failed: a {@link Component#label()}, {@code "data folder"}, or a service name of the launcher. */
    public String component() {
        return component;
    }

    /** The first line of a possibly multi-line message, trimmed; {@code "unknown error"} when empty. */
    static String oneLine(String text) {
        if (text == null || text.isBlank()) {
            return "unknown error";
        }
        String trimmed = text.strip();
        int newline = trimmed.indexOf('\n');
        return (newline < 0 ? trimmed : trimmed.substring(0, newline)).strip();
    }

    /** The most specific one-line description of a failure: its root cause's type and message. */
    public static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : oneLine(message);
    }
}
