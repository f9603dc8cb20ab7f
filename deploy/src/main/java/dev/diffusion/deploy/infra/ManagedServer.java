package dev.diffusion.deploy.infra;

import java.util.List;

/**
 * One local server. {@link #start()} and {@link #stop()} may alternate any number of times; the server
 * keeps its port and its data across them, so a client configured once reconnects after a restart.
 */
public interface ManagedServer extends AutoCloseable {

    Component component();

    /** The TCP port clients use, fixed when the server is created. */
    int port();

    /** Every port the server listens on; all must be free before it starts. */
    default List<Integer> ports() {
        return List.of(port());
    }

    boolean isRunning();

    /** Starts the server and waits until it answers; does nothing if it is running. */
    void start();

    /** Stops the server and waits until it is gone; does nothing if it is stopped. */
    void stop();

    @Override
    default void close() {
        stop();
    }
}
