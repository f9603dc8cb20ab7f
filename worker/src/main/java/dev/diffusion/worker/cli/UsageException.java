package dev.diffusion.worker.cli;

/** Bad command-line usage: the message tells the user what to fix; the command exits with code 2. */
public class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong and how to fix it
     */
    public UsageException(String message) {
        super(message);
    }
}
