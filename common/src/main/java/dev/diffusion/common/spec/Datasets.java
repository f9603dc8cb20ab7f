package dev.diffusion.common.spec;

import java.util.List;
import java.util.Locale;

/** Names of the built-in data sets and the {@code s3://bucket/prefix} form of user data sets. */
public final class Datasets {

    public static final String MNIST = "mnist";
    public static final String FASHION_MNIST = "fashion-mnist";
    public static final String SHAPES = "shapes";
    public static final List<String> BUILT_IN = List.of(MNIST, FASHION_MNIST, SHAPES);
    public static final String S3_SCHEME = "s3://";

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
