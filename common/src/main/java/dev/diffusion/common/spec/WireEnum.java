package dev.diffusion.common.spec;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * An enum spelled on the wire by a lower-case, hyphenated name: its constant's name in lower case with
 * {@code -} for {@code _} ({@code CONTEXT_UNET} is {@code context-unet}). Written by {@link #wireName()};
 * read leniently by {@link #parse}. An implementing enum lists its constants and two one-line hooks that
 * must be declared on the enum itself: Jackson's creator has to be a static method of the enum, and the
 * OpenAPI scanner only takes the {@code @JsonValue} method the enum declares (an inherited one gives
 * the Java names in the API document):
 *
 * <pre>{@code
 * public enum SamplerType implements WireEnum {
 *     DDPM, DDIM;
 *
 *     @Override
 *     @JsonValue
 *     public String wireName() {
 *         return WireEnum.super.wireName();
 *     }
 *
 *     @JsonCreator
 *     public static SamplerType fromWire(String value) {
 *         return WireEnum.parse(SamplerType.class, value);
 *     }
 * }
 * }</pre>
 */
public interface WireEnum {

    /** The constant's Java name (implemented by {@link Enum#name()}). */
    String name();

    /** The name used in JSON and on the command line. */
    default String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

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
