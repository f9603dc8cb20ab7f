package dev.diffusion.worker.recipe;

/**
 * A data set that cannot serve a training spec. Neutral: the job service turns it into a permanent job
 * failure, the command line into a usage error, each with this message.
 */
public final class DatasetProblem extends Exception {

    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Kind {
        /** Nothing found where the data set should be. */
        NOT_FOUND,
        /** The files are unreadable, malformed or hold no images. */
        UNUSABLE,
        /** The images do not fit the spec (size, channels). */
        MISMATCH
    }

    private final Kind kind;

    /**
     * Creates a problem.
     *
     * @param kind what is wrong
     * @param message a readable reason naming the data set
     * @param cause the underlying error, or null
     */
    public DatasetProblem(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /**
     * What is wrong.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
