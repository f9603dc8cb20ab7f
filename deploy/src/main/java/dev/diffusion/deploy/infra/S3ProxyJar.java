package dev.diffusion.deploy.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * Finds the S3Proxy {@code jar-with-dependencies} to run as a child process. It is never on a classpath (it
 * bundles logback, Jetty and more); the deploy build resolves it and records where (see
 * {@code s3proxy-location.properties}). Lookup order: system property {@value #PROPERTY}, environment
 * variable {@value #ENVIRONMENT}, {@code maven.repo.local}, the local repository of the build, the copy in
 * {@code deploy/target/s3proxy/}, then {@code ~/.m2/repository}.
 */
public final class S3ProxyJar {

    public static final String PROPERTY = "diffusion.s3proxy.jar";
    public static final String ENVIRONMENT = "DIFFUSION_S3PROXY_JAR";

    private static final String LOCATION_RESOURCE = "s3proxy-location.properties";

    private S3ProxyJar() {
    }

    /** The jar to run; fails with a one-line {@code "s3: ..."} message listing where it looked. */
    public static Path locate() {
        Properties location = buildLocation();
        String version = location.getProperty("version", "4.1.0");
        List<Path> candidates = new ArrayList<>();
        addIfSet(candidates, System.getProperty(PROPERTY));
        addIfSet(candidates, System.getenv(ENVIRONMENT));
        String repositoryPath = inRepository(version);
        String mavenRepoLocal = System.getProperty("maven.repo.local");
        if (mavenRepoLocal != null && !mavenRepoLocal.isBlank()) {
            candidates.add(Path.of(mavenRepoLocal, repositoryPath));
        }
        String buildRepository = location.getProperty("local.repository");
        if (buildRepository != null && !buildRepository.isBlank() && !buildRepository.startsWith("${")) {
            candidates.add(Path.of(buildRepository, repositoryPath));
        }
        addIfSet(candidates, location.getProperty("build.copy"));
        candidates.add(Path.of(System.getProperty("user.home"), ".m2", "repository", repositoryPath));
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate)) {
                return candidate.toAbsolutePath();
            }
        }
        throw new InfrastructureException(Component.S3, "S3Proxy jar not found (looked at " + candidates
                + "); build the deploy module or set -D" + PROPERTY + "=PATH");
    }

    private static String inRepository(String version) {
        return "org/gaul/s3proxy/" + version + "/s3proxy-" + version + "-jar-with-dependencies.jar";
    }

    private static void addIfSet(List<Path> candidates, String path) {
        if (path != null && !path.isBlank() && !path.startsWith("${")) {
            candidates.add(Path.of(path));
        }
    }

    private static Properties buildLocation() {
        Properties properties = new Properties();
        try (InputStream in = S3ProxyJar.class.getResourceAsStream(LOCATION_RESOURCE)) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + LOCATION_RESOURCE, e);
        }
        return properties;
    }
}
