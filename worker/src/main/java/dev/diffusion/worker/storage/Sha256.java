package dev.diffusion.worker.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256 of files and streams, as lower-case hex. */
public final class Sha256 {

    private static final int BUFFER = 64 * 1024;

    private Sha256() {
    }

    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The digest of a file's bytes, read once in 64 KiB chunks. */
    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return copy(in, OutputStream.nullOutputStream()).sha256();
        }
    }

    /** Copies {@code in} to {@code out} while hashing; returns the byte count and the digest. */
    public static Copied copy(InputStream in, OutputStream out) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[BUFFER];
        long total = 0;
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
            out.write(buffer, 0, n);
            total += n;
        }
        return new Copied(total, hex(digest));
    }

    /**
     * Result of {@link #copy}.
     *
     * @param bytes  bytes copied
     * @param sha256 their digest
     */
    public record Copied(long bytes, String sha256) {
    }
}
