package dev.diffusion.engine.model.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip of {@code <name>.npy} arrays, as written by {@code np.savez(file,
 * **state_dict)}. Each {@code .npy} is the magic {@code \x93NUMPY}, a version, a little-endian
 * header length (2 bytes in v1, 4 in v2/v3) and a Python dict literal {@code {'descr': '<f4',
 * 'fortran_order': False, 'shape': (3, 4), }} before the data. Reads {@code <f4 <f8 <f2 <i8 <i4}
 * (C or Fortran order); writes {@code <f4} in C order.
 */
public final class Npz {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final String SUFFIX = ".npy";

    private Npz() {}

    /**
     * Reads an archive.
     *
     * @param file the .npz file
     * @return its arrays, named without the {@code .npy} suffix, in archive order
     * @throws IOException when the file cannot be read
     * @throws IllegalArgumentException when an entry is malformed, naming the file and entry
     */
    public static StateDict read(Path file) throws IOException {
        StateDict result = new StateDict();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                if (entry.isDirectory() || !entry.getName().endsWith(SUFFIX)) {
                    continue;
                }
                String name = entry.getName().substring(0, entry.getName().length() - SUFFIX.length());
                try (InputStream in = zip.getInputStream(entry)) {
                    result.put(name, readNpy(in.readAllBytes(), file + "!" + entry.getName()));
                }
            }
        }
        return result;
    }

    /**
     * Parses one {@code .npy} array.
     *
     * @param bytes the file content
     * @param source a description for error messages
     * @return the array as a float tensor in C order
     */
    static Tensor readNpy(byte[] bytes, String source) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes.length <= i || bytes[i] != MAGIC[i]) {
                throw malformed(source, "missing the \\x93NUMPY magic");
            }
        }
        int major = bytes.length > 7 ? bytes[6] : -1;
        int headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = Short.toUnsignedInt(in.getShort(8));
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            headerLength = in.getInt(8);
            headerStart = 12;
        } else {
            throw malformed(source, "unsupported npy version " + major);
        }
        if (headerLength < 0 || headerStart + headerLength > bytes.length) {
            throw malformed(source, "header length " + headerLength + " exceeds the entry");
        }
        String header =
                new String(
                        bytes,
                        headerStart,
                        headerLength,
                        major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        String descr = find(DESCR, header, "descr", source);
        boolean fortran = "True".equals(find(FORTRAN, header, "fortran_order", source));
        long[] shape = parseShape(find(SHAPE, header, "shape", source), source);
        ElementType type = elementType(descr, source);
        long count = 1;
        for (long d : shape) {
            count *= d;
        }
        int dataStart = headerStart + headerLength;
        if (bytes.length - dataStart != count * type.bytes()) {
            throw malformed(source, (bytes.length - dataStart) + " data bytes but shape needs "
                    + count * type.bytes());
        }
        float[] values = type.decode(in.position(dataStart), (int) count);
        return new Tensor(shape, fortran ? fortranToC(values, shape) : values);
    }

    private static String find(Pattern pattern, String header, String key, String source) {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw malformed(source, "header has no '" + key + "': " + header.trim());
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, String source) {
        String[] parts = text.split(",");
        return Arrays.stream(parts)
                .map(String::trim)
                .filter(p -> !p.isEmpty())
                .mapToLong(p -> {
                    try {
                        return Long.parseLong(p.endsWith("L") ? p.substring(0, p.length() - 1) : p);
                    } catch (NumberFormatException e) {
                        throw malformed(source, "invalid shape (" + text + ")");
                    }
                })
                .toArray();
    }

    private static ElementType elementType(String descr, String source) {
        return switch (descr) {
            case "<f4" -> ElementType.F32;
            case "<f8" -> ElementType.F64;
            case "<f2" -> ElementType.F16;
            case "<i8" -> ElementType.I64;
            case "<i4" -> ElementType.I32;
            default -> throw malformed(source, "unsupported dtype '" + descr
                    + "' (supported: <f4, <f8, <f2, <i8, <i4)");
        };
    }

    private static float[] fortranToC(float[] values, long[] shape) {
        float[] out = new float[values.length];
        int rank = shape.length;
        int[] index = new int[rank];
        for (int c = 0; c < values.length; c++) {
            int f = 0;
            int stride = 1;
            for (int axis = 0; axis < rank; axis++) {
                f += index[axis] * stride;
                stride *= (int) shape[axis];
            }
            out[c] = values[f];
            for (int axis = rank - 1; axis >= 0; axis--) {
                if (++index[axis] < shape[axis]) {
                    break;
                }
                index[axis] = 0;
            }
        }
        return out;
    }

    /**
     * Writes an archive of {@code <f4} arrays named {@code <name>.npy}, deflated.
     *
     * @param stateDict the tensors
     * @param file the target file, replaced if present
     * @throws IOException when writing fails
     */
    public static void write(StateDict stateDict, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : stateDict.asMap().entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey() + SUFFIX));
                zip.write(npy(entry.getValue()));
                zip.closeEntry();
            }
        }
    }

    static byte[] npy(Tensor tensor) {
        StringBuilder shape = new StringBuilder();
        long[] dims = tensor.shape();
        for (long d : dims) {
            shape.append(d).append(", ");
        }
        String tuple = dims.length == 1 ? shape.toString().trim() : shape.toString().replaceAll(", $", "");
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + tuple + "), }";
        // magic + version + 2-byte length + dict + padding + newline, a multiple of 64
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int total = (unpadded + 63) / 64 * 64;
        String header = dict + " ".repeat(total - unpadded) + "\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(total + 4 * tensor.data().length);
        bytes.writeBytes(MAGIC);
        bytes.write(1);
        bytes.write(0);
        bytes.write(header.length() & 0xff);
        bytes.write(header.length() >>> 8);
        bytes.writeBytes(header.getBytes(StandardCharsets.ISO_8859_1));
        ByteBuffer data = ByteBuffer.allocate(4 * tensor.data().length).order(ByteOrder.LITTLE_ENDIAN);
        data.asFloatBuffer().put(tensor.data());
        bytes.writeBytes(data.array());
        return bytes.toByteArray();
    }

    private static IllegalArgumentException malformed(String source, String problem) {
        return new IllegalArgumentException("Malformed npy array " + source + ": " + problem);
    }
}
