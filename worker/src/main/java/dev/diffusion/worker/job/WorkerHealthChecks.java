package dev.diffusion.worker.job;

import dev.diffusion.engine.numerics.CpuDescription;
import dev.diffusion.engine.numerics.EngineNumerics;
import dev.diffusion.engine.numerics.NumericsReport;
import java.util.Optional;
import dev.diffusion.worker.config.WorkerConfig;
import dev.diffusion.worker.config.WorkerIdentity;
import dev.diffusion.worker.messaging.KafkaClients;
import dev.diffusion.worker.storage.ObjectStore;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Reception;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * {@code /q/health/ready}: Kafka answers a cluster query and the artifacts bucket can be looked up.
 * {@code /q/health/live}: once started, the job service's consumer threads are alive.
 */
@ApplicationScoped
public class WorkerHealthChecks {

    private final WorkerConfig config;
    private final ObjectStore store;
    private final JobService jobs;
    private final String workerId;
    private Admin admin;

    @Inject
    public WorkerHealthChecks(WorkerConfig config, ObjectStore store, JobService jobs, WorkerIdentity identity) {
        this.config = config;
        this.store = store;
        this.jobs = jobs;
        this.workerId = identity.id();
    }

    @Produces
    @Readiness
    HealthCheck dependencies() {
        return () -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka and object storage").up();
            response.withData("workerId", workerId);
            boolean up = true;
            try {
                int nodes = admin().describeCluster().nodes()
                        .get(config.kafka().healthTimeout().toMillis(), TimeUnit.MILLISECONDS).size();
                response.withData("kafka", nodes + " broker(s)");
            } catch (Exception e) {
                up = false;
                response.withData("kafka", "unreachable: " + e);
            }
            try {
                boolean exists = store.bucketExists(config.s3().artifactsBucket());
                response.withData("s3", exists ? "ok" : "bucket " + config.s3().artifactsBucket() + " missing");
                up &= exists;
            } catch (RuntimeException e) {
                up = false;
                response.withData("s3", e.getMessage());
            }
            return response.status(up).build();
        };
    }

    @Produces
    @Readiness
    HealthCheck engineNumerics() {
        return () -> {
            HealthCheckResponseBuilder response = HealthCheckResponse.named("engine numerics");
            CpuDescription cpu = CpuDescription.current();
            response.withData("cpu", cpu.model())
                    .withData("instructionSet", cpu.instructionSet()
                            + cpu.instructionSetCap().map(c -> " (ONEDNN_MAX_CPU_ISA " + c + ")").orElse(""))
                    .withData("cpuFlags", String.join(" ", cpu.flags()));
            Optional<NumericsReport> report = EngineNumerics.current();
            if (report.isEmpty()) {
                // the check runs when the job service starts, before it takes a job
                return response.up().withData("selfCheck", "not run yet").build();
            }
            NumericsReport numerics = report.get();
            return response.status(numerics.passed())
                    .withData("kernels", numerics.kernels().label())
                    .withData("threads", numerics.threads())
                    .withData("selfCheck", numerics.summary())
                    .build();
        };
    }

    @Produces
    @Liveness
    HealthCheck jobService() {
        return () -> HealthCheckResponse.named("job service")
                .status(!jobs.isStarted() || jobs.isHealthy())
                .withData("started", jobs.isStarted())
                .withData("running", jobs.runningAttempts().toString())
                .build();
    }

    private synchronized Admin admin() {
        if (admin == null) {
            admin = new KafkaClients(config.kafka(), workerId).admin(config.kafka().healthTimeout());
        }
        return admin;
    }

    synchronized void onShutdown(@Observes(notifyObserver = Reception.IF_EXISTS) ShutdownEvent event) {
        if (admin != null) {
            admin.close();
            admin = null;
        }
    }
}
