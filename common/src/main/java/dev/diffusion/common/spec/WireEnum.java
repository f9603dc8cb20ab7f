package dev.diffusion.common.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** An enum spelled on the wire by a lower-case, hyphenated name (e.g. {@code context-unet}). */
public interface WireEnum {

    /** The name used in JSON and on the command line. */
    String wireName();

    /**
     * Finds the constant whose wire name (or Java name, case-insensitively) is {@code value}.
     *
     * @throws IllegalArgumentException naming the allowed values when nothing matches
     */
    static <E extends Enum<E> & WireEnum> E parse(Class<E> type, String value) {
        if (value != null) {
            String wanted = value.trim().toLowerCase(Locale.ROOT);
            for (E constant : type.getEnumConstants()) {
                if (constant.wireName().equals(wanted)
                        || constant.name().toLowerCase(Locale.ROOT).equals(wanted.replace('-', '_'))) {
                    return constant;
                }
            }
        }
        throw new IllegalArgumentException(
                "'" + value + "' is not one of " + allowed(type));
    }

    /** The allowed wire names, for error messages. */
    static <E extends Enum<E> & WireEnum> String allowed(Class<E> type) {
        return Arrays.stream(type.getEnumConstants())
                .map(WireEnum::wireName)
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
