package dev.diffusion.engine.model.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Element types weight files may hold; all are read as float. */
enum ElementType {
    F32(4),
    F64(8),
    F16(2),
    BF16(2),
    I64(8),
    I32(4);

    private final int bytes;

    ElementType(int bytes) {
        this.bytes = bytes;
    }

    int bytes() {
        return bytes;
    }

    /** Decodes {@code count} little-endian elements starting at the buffer's position. */
    float[] decode(ByteBuffer source, int count) {
        ByteBuffer in = source.slice().order(ByteOrder.LITTLE_ENDIAN);
        float[] out = new float[count];
        switch (this) {
            case F32 -> in.asFloatBuffer().get(out);
            case F64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = (float) in.getDouble(i * 8);
                }
            }
            case F16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloats.fromHalf(in.getShort(i * 2));
                }
            }
            case BF16 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = HalfFloats.fromBfloat16(in.getShort(i * 2));
                }
            }
            case I64 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = in.getLong(i * 8);
                }
            }
            case I32 -> {
                for (int i = 0; i < count; i++) {
                    out[i] = in.getInt(i * 4);
                }
            }
        }
        return out;
    }
}
