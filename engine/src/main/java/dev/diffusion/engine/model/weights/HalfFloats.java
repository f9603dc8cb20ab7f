package dev.diffusion.engine.model.weights;

/** Bit conversions of the 16-bit float formats of weight files (Java 17 has none built in). */
final class HalfFloats {

    private HalfFloats() {}

    /** IEEE 754 binary16 to float, including subnormals, infinities and NaN. */
    static float fromHalf(short bits) {
        int sign = (bits & 0x8000) << 16;
        int exponent = (bits >>> 10) & 0x1f;
        int mantissa = bits & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float value = mantissa * 0x1p-24f;
            return sign == 0 ? value : -value;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    /** bfloat16 (the upper half of a float32) to float. */
    static float fromBfloat16(short bits) {
        return Float.intBitsToFloat((bits & 0xffff) << 16);
    }
}
