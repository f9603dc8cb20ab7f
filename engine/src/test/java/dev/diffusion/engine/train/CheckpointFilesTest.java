package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;


import dev.diffusion.engine.testing.EngineTestBase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest extends EngineTestBase {

    @TempDir
    Path dir;

    private NDArray named(String name, float... values) {
        NDArray a = manager.create(values, new Shape(values.length));
        a.setName(name);
        return a;
    }

    @Test
    void everyPartSurvivesARoundTrip() throws IOException {
        String spec = "{\"dataset\":\"shapes\",\"steps\":40,\"model\":{\"baseChannels\":32},\"lr\":1.0E-4}";
        CheckpointMetadata meta = new CheckpointMetadata(CheckpointMetadata.FORMAT_VERSION, CheckpointMetadata.KIND_CHECKPOINT,
                17, new long[] {1, -2, 3, Long.MIN_VALUE}, 17, 17, 0.125, spec);
        Path file = dir.resolve("sub/checkpoint-000017.ckpt");
        try (Checkpoint original = new Checkpoint(meta,
                new NDList(named("w", 1f, Float.MIN_VALUE, -0f), named("b", 3.25f)),
                new NDList(named("w", 0.5f, 0f, 1f), named("b", 3f)),
                new NDList(named("m:w", 1e-8f, 2f, 3f), named("v:w", 4f, 5f, 6f)))) {
            CheckpointFiles.write(file, original);
        }
        try (Checkpoint read = CheckpointFiles.read(file, manager)) {
            CheckpointMetadata m = read.metadata();
            assertThat(m.step()).isEqualTo(17);
            assertThat(m.rngState()).containsExactly(1, -2, 3, Long.MIN_VALUE);
            assertThat(m.lastLoss()).isEqualTo(0.125);
            assertThat(m.spec()).isEqualTo(spec);
            assertThat(read.model().get(0).getName()).isEqualTo("w");
            assertThat(read.model().get(0).toFloatArray()).containsExactly(1f, Float.MIN_VALUE, -0f);
            assertThat(read.ema().get(1).toFloatArray()).containsExactly(3f);
            assertThat(read.optimizer().get(0).getName()).isEqualTo("m:w");
            assertThat(read.optimizer().get(0).toFloatArray()).containsExactly(1e-8f, 2f, 3f);
            assertThat(read.samplingWeights()).isSameAs(read.ema());
        }
        assertThat(CheckpointFiles.readMetadata(file).spec()).isEqualTo(spec);
        assertThat(Files.list(file.getParent())).containsExactly(file);
    }

    @Test
    void aModelFileNeedsNoOptimizerStateAndSamplesWithItsWeightsWithoutEma() throws IOException {
        CheckpointMetadata meta = new CheckpointMetadata(CheckpointMetadata.FORMAT_VERSION, CheckpointMetadata.KIND_MODEL,
                5, null, 5, 0, null, "{\"dataset\":\"mnist\"}");
        Path file = dir.resolve("model.ckpt");
        try (Checkpoint model = new Checkpoint(meta, new NDList(named("w", 2f)), null, null)) {
            CheckpointFiles.write(file, model);
        }
        try (Checkpoint read = CheckpointFiles.read(file, manager)) {
            assertThat(read.optimizer()).isNull();
            assertThat(read.samplingWeights().get(0).toFloatArray()).containsExactly(2f);
        }
    }

    @Test
    void unreadableFilesAreReportedWithTheirPath() throws IOException {
        Path missing = dir.resolve("missing.ckpt");
        assertThatThrownBy(() -> CheckpointFiles.read(missing, manager))
                .isInstanceOf(IOException.class).hasMessageContaining("missing.ckpt");
        Path garbage = Files.writeString(dir.resolve("garbage.ckpt"), "not a zip");
        assertThatThrownBy(() -> CheckpointFiles.read(garbage, manager))
                .isInstanceOf(IOException.class).hasMessageContaining("garbage.ckpt").hasMessageContaining("not a checkpoint");
    }
}
