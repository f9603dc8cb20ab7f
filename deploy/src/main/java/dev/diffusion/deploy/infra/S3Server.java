package dev.diffusion.deploy.infra;

import io.minio.BucketExistsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * An S3-compatible server that checks AWS SigV2/SigV4 signatures: S3Proxy 4.1.0 with the
 * {@code filesystem-nio2} store, run as a child process ({@code java -jar s3proxy.jar --properties FILE}).
 * Buckets are folders under {@code storageDirectory}, so objects survive stop/start. Path-style addressing,
 * region {@value ServiceSettings#DEFAULT_REGION}.
 */
public final class S3Server implements ManagedServer {

    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final Path storageDirectory;
    private final Path propertiesFile;
    private final Path logFile;
    private final int port;
    private final String accessKey;
    private final String secretKey;
    private final Duration timeout;
    private ChildProcess process;

    S3Server(Path storageDirectory, Path propertiesFile, Path logFile, int port, String accessKey,
            String secretKey, Duration timeout) {
        this.storageDirectory = storageDirectory;
        this.propertiesFile = propertiesFile;
        this.logFile = logFile;
        this.port = port;
        this.accessKey = accessKey;
        this.secretKey = secretKey;
        this.timeout = timeout;
    }

    @Override
    public Component component() {
        return Component.S3;
    }

    @Override
    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String endpoint() {
        return "http://" + Ports.LOOPBACK + ":" + port;
    }

    public String accessKey() {
        return accessKey;
    }

    public String secretKey() {
        return secretKey;
    }

    public String region() {
        return ServiceSettings.DEFAULT_REGION;
    }

    /** A MinIO client signed with this server's credentials. */
    public MinioClient client() {
        return MinioClient.builder().endpoint(endpoint()).credentials(accessKey, secretKey).region(region()).build();
    }

    /** The S3Proxy process's pid; empty when stopped. */
    public synchronized OptionalLong pid() {
        return process == null ? OptionalLong.empty() : OptionalLong.of(process.pid());
    }

    @Override
    public synchronized boolean isRunning() {
        return process != null;
    }

    @Override
    public synchronized void start() {
        if (process != null) {
            return;
        }
        Ports.requireFree(component().label(), port);
        Path jar = S3ProxyJar.locate();
        try {
            Files.createDirectories(storageDirectory);
            Files.writeString(propertiesFile, properties());
            process = ChildProcess.start("s3proxy", ChildProcess.java(List.of(
                    "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-DLOG_LEVEL=warn",
                    "-Dlogback.statusListenerClass=ch.qos.logback.core.status.NopStatusListener",
                    "-jar", jar.toString(), "--properties", propertiesFile.toString())),
                    Map.of(), storageDirectory, logFile);
        } catch (IOException e) {
            throw new InfrastructureException(component(), "failed to start: " + InfrastructureException.describe(e), e);
        }
        try {
            awaitReady();
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    private String properties() {
        return String.join("\n",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + accessKey,
                "s3proxy.credential=" + secretKey,
                "jclouds.provider=filesystem-nio2",
                "jclouds.filesystem.basedir=" + storageDirectory.toAbsolutePath(),
                "");
    }

    private void awaitReady() {
        Deadline deadline = Deadline.in(timeout);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(500)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(endpoint() + "/"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new InfrastructureException(component(), "S3Proxy exited with code "
                        + process.exitCode().orElse(-1) + ": " + LogTail.lastLine(logFile) + " (log: " + logFile + ")");
            }
            try {
                // any HTTP answer means Jetty is up; anonymous requests are refused with 403
                http.send(probe, HttpResponse.BodyHandlers.discarding());
                client().listBuckets();
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException(component(), "interrupted while waiting for readiness", e);
            } catch (Exception e) {
                if (deadline.passed()) {
                    throw new InfrastructureException(component(), "not ready after " + timeout.toSeconds() + " s: "
                            + InfrastructureException.describe(e) + " (log: " + logFile + ")", e);
                }
            }
            deadline.pause(component());
        }
    }

    /** Creates the buckets that do not exist yet. */
    public void createBuckets(Collection<String> buckets) {
        MinioClient client = client();
        for (String bucket : buckets) {
            try {
                if (!client.bucketExists(BucketExistsArgs.builder().bucket(bucket).build())) {
                    client.makeBucket(MakeBucketArgs.builder().bucket(bucket).build());
                }
            } catch (Exception e) {
                throw new InfrastructureException(component(), "cannot create bucket " + bucket + ": "
                        + InfrastructureException.describe(e), e);
            }
        }
    }

    @Override
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        ChildProcess stopping = process;
        process = null;
        stopping.stop(STOP_GRACE);
    }

    @Override
    public String toString() {
        return "s3 " + endpoint();
    }
}
