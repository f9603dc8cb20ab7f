package dev.diffusion.deploy.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Loopback port helpers: every server of this module binds 127.0.0.1 only. */
public final class Ports {

    /** The only address the local servers listen on. */
    public static final String LOOPBACK = "127.0.0.1";

    private Ports() {
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on " + LOOPBACK, e);
        }
    }

    /** {@code port} itself, or a free port when it is 0; rejects values outside 0..65535. */
    public static int resolve(String what, int port) {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException(what + " port must be 0 (any free port) or 1..65535, got " + port);
        }
        return port == 0 ? freePort() : port;
    }

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Fails with {@code "<component>: port N already in use"} unless 127.0.0.1:port can be bound. */
    public static void requireFree(String component, int port) {
        if (!isFree(port)) {
            throw new InfrastructureException(component, "port " + port + " already in use");
        }
    }
}
