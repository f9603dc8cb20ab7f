package dev.diffusion.deploy.tether;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The jar of {@link Tether}, written on first use into the temporary folder under a name made from the class's
 * hash, so JVMs of any checkout share it and a changed class gets a new file. It is built at run time because the
 * launcher and the tests run from {@code target/classes}, where no jar exists.
 */
public final class TetherJar {

    private static final String CLASS_FILE = Tether.class.getName().replace('.', '/') + ".class";
    private static Path jar;

    private TetherJar() {
    }

    /** The jar's path; writes it the first time. */
    public static synchronized Path path() {
        if (jar == null) {
            jar = write(Path.of(System.getProperty("java.io.tmpdir")));
        }
        return jar;
    }

    /** {@code -javaagent:<jar>=<pid of this JVM>}: a Java child given this option exits when this JVM is gone. */
    public static String agentOption() {
        return "-javaagent:" + path() + "=" + ProcessHandle.current().pid();
    }

    /**
     * The command of a watchdog that sends {@code signal} to {@code pid} once this JVM is gone, then SIGKILL
     * after a grace period; it exits by itself when {@code pid} ends first.
     */
    public static List<String> watchdogCommand(String javaExecutable, long pid, String signal) {
        return List.of(javaExecutable, "-Xmx16m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-cp", path().toString(), Tether.class.getName(),
                Long.toString(ProcessHandle.current().pid()), Long.toString(pid), signal);
    }

    private static Path write(Path folder) {
        try {
            byte[] bytes;
            try (InputStream in = Tether.class.getClassLoader().getResourceAsStream(CLASS_FILE)) {
                if (in == null) {
                    throw new IOException(CLASS_FILE + " not found on the class path");
                }
                bytes = in.readAllBytes();
            }
            Path target = folder.resolve("diffusion-tether-" + hash(bytes) + ".jar");
            if (Files.isRegularFile(target)) {
                return target;
            }
            Files.createDirectories(folder);
            Path partial = Files.createTempFile(folder, "diffusion-tether-", ".partial");
            try (OutputStream out = Files.newOutputStream(partial);
                    JarOutputStream jarOut = new JarOutputStream(out, manifest())) {
                JarEntry entry = new JarEntry(CLASS_FILE);
                entry.setTime(0);
                jarOut.putNextEntry(entry);
                jarOut.write(bytes);
                jarOut.closeEntry();
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the tether jar into " + folder, e);
        }
    }

    private static Manifest manifest() {
        Manifest manifest = new Manifest();
        Attributes attributes = manifest.getMainAttributes();
        attributes.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(Attributes.Name.MAIN_CLASS, Tether.class.getName());
        attributes.put(new Attributes.Name("Premain-Class"), Tether.class.getName());
        return manifest;
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
