package dev.diffusion.common.spec;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Names of the built-in data sets and the {@code s3://bucket/prefix} form of user data sets. */
public final class Datasets {

    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String SHAPES = "shapes";
    public static final List<String> BUILT_IN = List.of(MNIST, FASHION_MNIST, SHAPES);
    public static final String S3_SCHEME = "s3://";
    /** S3's limit on the length of an object key, in UTF-8 bytes. */
    public static final int MAX_KEY_BYTES = 1024;

    private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private Datasets() {
    }

    /** Whether {@code name} is one of {@link #BUILT_IN}. */
    public static boolean isBuiltIn(String name) {
        return name != null && BUILT_IN.contains(name.toLowerCase(Locale.ROOT));
    }

    /** Whether {@code name} is an {@code s3://bucket/prefix} location with a bucket and a prefix. */
    public static boolean isObjectStoreLocation(String name) {
        if (name == null || !name.startsWith(S3_SCHEME)) {
            return false;
        }
        String rest = name.substring(S3_SCHEME.length());
        int slash = rest.indexOf('/');
        return slash > 0 && slash < rest.length() - 1;
    }

    /**
     * Why an {@code s3://bucket/prefix} location cannot name a data set, or empty when it can. The bucket must
     * follow S3's naming rules (3–63 lowercase letters, digits, dots and hyphens, starting and ending with a
     * letter or digit, no {@code ..}, not an IP address); the prefix must not start with {@code /}, hold
     * {@code .} or {@code ..} segments, backslashes or control characters. The worker caches a data set under
     * its bucket and prefix, so these names must stay inside its cache folder.
     */
    public static Optional<String> locationProblem(String name) {
        if (!isObjectStoreLocation(name)) {
            return Optional.of("'" + name + "' is not an s3://bucket/prefix location");
        }
        String rest = name.substring(S3_SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = rest.substring(0, slash);
        String key = rest.substring(slash + 1);
        if (!BUCKET.matcher(bucket).matches() || bucket.contains("..") || IP_ADDRESS.matcher(bucket).matches()) {
            return Optional.of("bucket '" + printable(bucket) + "' is not a valid S3 bucket name: 3 to 63 lowercase "
                    + "letters, digits, dots and hyphens, starting and ending with a letter or digit, no '..', "
                    + "not an IP address");
        }
        return keyProblem(key).map(why -> "prefix '" + printable(key) + "' " + why);
    }

    private static Optional<String> keyProblem(String key) {
        if (key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            return Optional.of("is longer than " + MAX_KEY_BYTES + " bytes");
        }
        if (key.startsWith("/")) {
            return Optional.of("must not start with '/'");
        }
        if (key.indexOf('\\') >= 0) {
            return Optional.of("must not contain a backslash");
        }
        if (key.chars().anyMatch(Character::isISOControl)) {
            return Optional.of("must not contain control characters");
        }
        for (String segment : key.split("/", -1)) {
            if (segment.equals("..") || segment.equals(".")) {
                return Optional.of("must not contain '" + segment + "' segments");
            }
        }
        return Optional.empty();
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().limit(200).forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(String.format("\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return text.codePointCount(0, text.length()) > 200 ? out + "…" : out.toString();
    }

    /** The native image size of a data set: 28 for the MNIST family, 16 for shapes, 32 otherwise. */
    public static int defaultImageSize(String name) {
        if (SHAPES.equalsIgnoreCase(name)) {
            return 16;
        }
        return isBuiltIn(name) ? 28 : 32;
    }

    /** The native channel count: 1 (gray) for the built-in sets, 3 (RGB) for user image folders. */
    public static int defaultChannels(String name) {
        return isBuiltIn(name) ? 1 : 3;
    }
}
