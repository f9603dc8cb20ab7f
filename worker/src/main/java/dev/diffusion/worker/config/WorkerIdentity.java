package dev.diffusion.worker.config;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** The id this worker process reports in every job event: configured, or {@code <hostname>-<pid>}. */
@ApplicationScoped
public class WorkerIdentity {

    private final String id;

    @Inject
    public WorkerIdentity(WorkerConfig config) {
        this.id = config.jobs().workerId().filter(s -> !s.isBlank()).orElseGet(WorkerIdentity::hostAndPid);
    }

    public String id() {
        return id;
    }

    static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = System.getenv().getOrDefault("HOSTNAME", "worker");
        }
        return host + "-" + ProcessHandle.current().pid();
    }

    @Override
    public String toString() {
        return id;
    }
}
