package dev.diffusion.api.tenant.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The key format: {@value #PREFIX} and 43 URL-safe base64 characters of 256 random bits. Keys are stored as
 * their SHA-256 only; with that much entropy a fast hash is as safe as a slow one and keeps the check cheap.
 */
public final class ApiKeySecret {

    public static final String PREFIX = "dk_";
    private static final int RANDOM_BYTES = 32;
    private static final Pattern FORMAT = Pattern.compile(Pattern.quote(PREFIX) + "[A-Za-z0-9_-]{43}");
    /** Characters of a key shown in listings to tell keys apart (the prefix and 6 random characters). */
    private static final int SHOWN = PREFIX.length() + 6;
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeySecret() {
    }

    public static String generate() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code key} can be a key at all; anything else is refused without a database lookup. */
    public static boolean wellFormed(String key) {
        return key != null && FORMAT.matcher(key).matches();
    }

    /** Hex SHA-256 of the key's characters. */
    public static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The start of the key that listings show. */
    public static String shownPrefix(String key) {
        return key.substring(0, SHOWN);
    }
}
