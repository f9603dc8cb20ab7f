package dev.diffusion.deploy.testing;

import dev.diffusion.deploy.local.LinuxProcess;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** Starting test JVMs and handling pids in tests. */
public final class JavaProcesses {

    private JavaProcesses() {
    }

    /** {@code java -cp <this test JVM's class path> <jvmOptions> <mainClass> <arguments>}, output to {@code log}. */
    public static Process start(Class<?> mainClass, List<String> jvmOptions, List<String> arguments, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(arguments);
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    }

    /** The folder of compiled test classes, holding {@code type}. */
    public static Path classesOf(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes an executable jar holding the single JDK-only class {@code mainClass}. */
    public static void writeJar(Path jar, Class<?> mainClass) {
        String entryName = mainClass.getName().replace('.', '/') + ".class";
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        try {
            Files.createDirectories(jar.getParent());
            try (OutputStream file = Files.newOutputStream(jar);
                    JarOutputStream out = new JarOutputStream(file, manifest)) {
                out.putNextEntry(new JarEntry(entryName));
                out.write(Files.readAllBytes(classesOf(mainClass).resolve(entryName)));
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a {@link FakeLauncher} printed its {@code ready} line. */
    public static boolean printedReady(Path log) throws IOException {
        return Files.readAllLines(log).contains("ready");
    }

    /** The {@code name=pid} lines a {@link FakeLauncher} printed. */
    public static Map<String, Long> printedPids(Path log) throws IOException {
        Map<String, Long> pids = new LinkedHashMap<>();
        for (String line : Files.readAllLines(log)) {
            String[] parts = line.split("=", 2);
            if (parts.length == 2 && parts[1].matches("\\d+")) {
                pids.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return pids;
    }

    public static boolean isAlive(long pid) {
        return LinuxProcess.isRunning(pid);
    }

    /** SIGKILL, as {@code kill -9} or the out-of-memory killer sends it. */
    public static void kill9(long pid) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }

    /** Kills whatever of {@code pids} still runs; for clean-up after a failed test. */
    public static void killAll(Iterable<Long> pids) {
        pids.forEach(JavaProcesses::kill9);
    }
}
