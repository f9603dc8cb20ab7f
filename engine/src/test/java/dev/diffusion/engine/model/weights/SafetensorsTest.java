package dev.diffusion.engine.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

    @TempDir Path dir;

    @Test
    void roundTripsNamesShapesAndValuesInOrder() throws IOException {
        float[] values = {1, -2, 3.5f, Float.MIN_VALUE};
        StateDict written =
                new StateDict()
                        .put("init_conv.conv1.0.weight", new Tensor(new long[] {2, 1, 1, 2}, values))
                        .put("scalar", new Tensor(new long[0], new float[] {7}))
                        .put("empty", new Tensor(new long[] {4, 0}, new float[0]))
                        .put("a.bias", new Tensor(new long[] {3}, new float[] {0.25f, Float.NaN, -0f}));
        Path file = dir.resolve("w.safetensors");

        Safetensors.write(written, file);
        StateDict read = Safetensors.read(file);

        assertThat(read.names()).containsExactly("init_conv.conv1.0.weight", "scalar", "empty", "a.bias");
        assertThat(read.asMap()).isEqualTo(written.asMap());
    }

    @Test
    void writesAnEightByteAlignedJsonHeaderWithF32Offsets() throws IOException {
        Path file = dir.resolve("w.safetensors");
        Safetensors.write(new StateDict().put("x", new Tensor(new long[] {2}, new float[] {1, 2})), file);
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);

        long headerLength = bytes.getLong(0);
        String header = new String(bytes.array(), 8, (int) headerLength, StandardCharsets.UTF_8).trim();

        assertThat(headerLength % 8).isZero();
        assertThat(header).isEqualTo("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}");
        assertThat(bytes.getFloat(8 + (int) headerLength + 4)).isEqualTo(2f);
    }

    @Test
    void convertsHalfBfloatDoubleAndIntegerTensorsToFloat() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(2 * 3 + 2 * 2 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN);
        data.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001); // 1, -2, 2^-24
        data.putShort((short) 0x3fc0).putShort((short) 0x7f80); // 1.5, +inf
        data.putDouble(0.1);
        data.putLong(7);
        Path file =
                file("{\"__metadata__\":{\"format\":\"pt\"},"
                        + "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[6,10]},"
                        + "\"d\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[10,18]},"
                        + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[18,26]}}",
                        data.array());

        StateDict read = Safetensors.read(file);

        assertThat(read.names()).containsExactly("h", "b", "d", "n");
        assertThat(read.get("h").data()).containsExactly(1f, -2f, 0x1p-24f);
        assertThat(read.get("b").data()).containsExactly(1.5f, Float.POSITIVE_INFINITY);
        assertThat(read.get("d").data()).containsExactly(0.1f);
        assertThat(read.get("n").data()).containsExactly(7f);
    }

    @Test
    void namesTheTensorWhoseBytesDoNotMatchItsShape() throws IOException {
        Path file = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", new byte[8]);

        assertThatThrownBy(() -> Safetensors.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("'w'")
                .hasMessageContaining("needs 12");
    }

    @Test
    void rejectsUnsupportedDtypesOffsetsBeyondTheDataAndBadHeaders() throws IOException {
        Path dtype = file("{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
        Path offsets = file("{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[4]);
        Path json = file("not json", new byte[0]);
        Path truncated = dir.resolve("short.safetensors");
        Files.write(truncated, new byte[] {1, 2, 3});

        assertThatThrownBy(() -> Safetensors.read(dtype)).hasMessageContaining("unsupported dtype U8");
        assertThatThrownBy(() -> Safetensors.read(offsets)).hasMessageContaining("outside");
        assertThatThrownBy(() -> Safetensors.read(json)).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> Safetensors.read(truncated)).hasMessageContaining("8-byte header");
    }

    @Test
    void readsTheStateDictPyTorchWroteIncludingTheBatchNormCounter() throws Exception {
        StateDict read = Safetensors.read(PyTorchFixtures.fixture("simple_unet.safetensors"));

        assertThat(read.names()).startsWith("time_mlp.1.weight", "time_mlp.1.bias", "label_emb.weight", "conv0.weight");
        assertThat(read.get("downs.0.bnorm1.num_batches_tracked").data()).containsExactly(7f);
        assertThat(read.get("downs.0.conv1.weight").shape()).containsExactly(16, 8, 3, 3);
    }

    private Path file(String header, byte[] data) throws IOException {
        byte[] json = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer bytes = ByteBuffer.allocate(8 + json.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putLong(json.length).put(json).put(data);
        Path file = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(file, bytes.array());
        return file;
    }
}
