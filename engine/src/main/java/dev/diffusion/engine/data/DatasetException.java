package dev.diffusion.engine.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data-set file or folder that cannot be used; the message names the file and the problem. */
public class DatasetException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * @param file the offending file or folder
     * @param problem what is wrong with it
     */
    public DatasetException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * @param file the offending file or folder
     * @param problem what is wrong with it
     * @param cause the underlying error
     */
    public DatasetException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** @return the offending file or folder */
    public Path file() {
        return file;
    }
}
