package dev.diffusion.engine.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {

    @TempDir Path dir;

    @Test
    void roundTripsNamesShapesAndValuesInOrder() throws IOException {
        StateDict written =
                new StateDict()
                        .put("up0.1.weight", new Tensor(new long[] {3}, new float[] {1, 2, 3}))
                        .put("out.3.weight", new Tensor(new long[] {1, 2, 1, 2}, new float[] {-1, 0.5f, 8, 9}))
                        .put("scalar", new Tensor(new long[0], new float[] {4}));
        Path file = dir.resolve("w.npz");

        Npz.write(written, file);
        StateDict read = Npz.read(file);

        assertThat(read.names()).containsExactly("up0.1.weight", "out.3.weight", "scalar");
        assertThat(read.asMap()).isEqualTo(written.asMap());
    }

    @Test
    void writesVersionOneHeadersPaddedTo64BytesWithAPythonShapeTuple() {
        byte[] npy = Npz.npy(new Tensor(new long[] {3}, new float[] {1, 2, 3}));

        int headerLength = (npy[8] & 0xff) | (npy[9] & 0xff) << 8;
        String header = new String(npy, 10, headerLength, StandardCharsets.ISO_8859_1);

        assertThat(npy[6]).isEqualTo((byte) 1);
        assertThat((10 + headerLength) % 64).isZero();
        assertThat(header).startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }").endsWith("\n");
        assertThat(npy).hasSize(10 + headerLength + 12);
    }

    @Test
    void readsDoublesInFortranOrderWithAVersionTwoHeader() {
        // 2x3 matrix [[1, 2, 3], [4, 5, 6]] stored column by column
        String header = "{'descr': '<f8', 'fortran_order': True, 'shape': (2, 3), }\n";
        ByteBuffer npy = ByteBuffer.allocate(12 + header.length() + 48).order(ByteOrder.LITTLE_ENDIAN);
        npy.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 2, 0}).putInt(header.length());
        npy.put(header.getBytes(StandardCharsets.ISO_8859_1));
        for (double v : new double[] {1, 4, 2, 5, 3, 6}) {
            npy.putDouble(v);
        }

        Tensor tensor = Npz.readNpy(npy.array(), "m.npy");

        assertThat(tensor.shape()).containsExactly(2, 3);
        assertThat(tensor.data()).containsExactly(1, 2, 3, 4, 5, 6);
    }

    @Test
    void readsTheArraysNumpyWrote() throws Exception {
        StateDict io = Npz.read(PyTorchFixtures.fixture("ddpm_unet.io.npz")); // float64 arrays

        assertThat(io.names()).containsExactlyInAnyOrder("x", "t", "context", "eps");
        assertThat(io.get("t").data()).containsExactly(3, 15);
        assertThat(io.get("context").data()).containsExactly(0, 0, 1, 0, 0, 0);
    }

    @Test
    void namesTheEntryWithAnUnsupportedDtype() throws IOException {
        String header = "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }\n";
        Path file = dir.resolve("bad.npz");
        try (OutputStream out = Files.newOutputStream(file);
                ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("w.npy"));
            zip.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
            zip.write(header.getBytes(StandardCharsets.ISO_8859_1));
            zip.write(new byte[4]);
            zip.closeEntry();
        }

        assertThatThrownBy(() -> Npz.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bad.npz!w.npy")
                .hasMessageContaining("'>f4'");
        assertThatThrownBy(() -> Npz.readNpy(new byte[] {1, 2, 3}, "x.npy")).hasMessageContaining("magic");
    }
}
