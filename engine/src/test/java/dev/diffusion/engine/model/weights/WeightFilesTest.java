package dev.diffusion.engine.model.weights;

import static dev.diffusion.engine.model.Networks.forward;
import static dev.diffusion.engine.model.Networks.initialized;
import static dev.diffusion.engine.model.Networks.randomInputs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import dev.diffusion.engine.model.Networks;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.testing.EngineTestBase;
import java.nio.file.Path;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WeightFilesTest extends EngineTestBase {

    @TempDir Path dir;
    static Stream<Arguments> networksAndFormats() {
        Supplier<NoisePredictor> context = Networks::tinyContextUnet;
        Supplier<NoisePredictor> ddpm = Networks::tinyDdpmUnet;
        Supplier<NoisePredictor> simple = Networks::tinySimpleUnet;
        return Stream.of(
                Arguments.of("context-unet", context, "w.safetensors"),
                Arguments.of("context-unet", context, "w.npz"),
                Arguments.of("ddpm-unet", ddpm, "w.safetensors"),
                Arguments.of("ddpm-unet", ddpm, "w.npz"),
                Arguments.of("simple-unet", simple, "w.safetensors"),
                Arguments.of("simple-unet", simple, "w.npz"));
    }

    @ParameterizedTest(name = "{0} via {2}")
    @MethodSource("networksAndFormats")
    void exportedWeightsReproduceTheNetworkExactlyInAFreshOne(
            String name, Supplier<NoisePredictor> factory, String fileName) throws Exception {
        NoisePredictor original = initialized(factory.get(), manager, 2);
        NDList inputs = randomInputs(original, manager, 2);
        forward(original, manager, true, inputs); // moves BatchNorm statistics
        Path file = dir.resolve(fileName);

        WeightFiles.save(original, file);
        NoisePredictor copy = initialized(factory.get(), manager, 2);
        WeightFiles.load(copy, file);

        assertThat(WeightFiles.read(file).names()).containsExactlyElementsOf(PyTorchNames.of(original).keySet());
        assertThat(forward(copy, manager, false, inputs).toFloatArray())
                .containsExactly(forward(original, manager, false, inputs).toFloatArray());
    }

    @Test
    void reportsMissingUnexpectedAndMisshapenParametersByNameWithoutChangingTheNetwork() {
        NoisePredictor network = initialized(Networks.tinyContextUnet(), manager, 1);
        float[] before = PyTorchNames.of(network).get("up0.1.weight").getArray().toFloatArray();
        Tensor wrongKernel = new Tensor(new long[] {16, 16, 3, 3}, new float[16 * 16 * 9]);
        StateDict broken = new StateDict();
        StateDicts.export(network).asMap().forEach((name, tensor) -> {
            if (!name.equals("out.3.bias")) {
                broken.put(name, name.equals("up0.0.weight") ? wrongKernel : tensor);
            }
        });
        broken.put("extra.weight", new Tensor(new long[] {2}, new float[2]));

        assertThatThrownBy(() -> StateDicts.load(network, broken))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("missing parameter 'out.3.bias' (network shape (1))")
                .hasMessageContaining("unexpected parameter 'extra.weight' (2)")
                .hasMessageContaining("shape mismatch for 'up0.0.weight': file (16, 16, 3, 3), network (16, 16, 2, 2)");
        assertThat(PyTorchNames.of(network).get("up0.1.weight").getArray().toFloatArray()).containsExactly(before);
    }

    @Test
    void namesEveryTensorHoldingNaNOrInfinityWithoutChangingTheNetwork() {
        NoisePredictor network = initialized(Networks.tinyContextUnet(), manager, 1);
        float[] before = PyTorchNames.of(network).get("out.3.bias").getArray().toFloatArray();
        StateDict poisoned = new StateDict();
        StateDicts.export(network).asMap().forEach((name, tensor) -> {
            float[] data = tensor.data().clone();
            if (name.equals("init_conv.conv1.0.weight")) {
                data[5] = Float.NaN;
                data[6] = Float.POSITIVE_INFINITY;
            }
            poisoned.put(name, name.equals("out.3.bias") ? new Tensor(tensor.shape(), new float[] {3f}) : new Tensor(tensor.shape(), data));
        });

        assertThatThrownBy(() -> StateDicts.load(network, poisoned))
                .hasMessageContaining("non-finite values in 'init_conv.conv1.0.weight': 1 NaN, 1 infinite (first at flat index 5)");
        assertThat(PyTorchNames.of(network).get("out.3.bias").getArray().toFloatArray()).containsExactly(before);
    }

    @Test
    void parametersAllowedToBeMissingKeepTheirValuesAndAreNamed() {
        NoisePredictor source = initialized(Networks.tinyContextUnet(), manager, 1);
        NoisePredictor target = initialized(Networks.tinyContextUnet(), manager, 2);
        float[] shortcut = PyTorchNames.of(target).get("init_conv.shortcut.weight").getArray().toFloatArray();
        StateDict course = new StateDict();
        StateDicts.export(source).asMap().forEach((name, tensor) -> {
            if (!name.startsWith("init_conv.shortcut.")) {
                course.put(name, tensor);
            }
        });

        assertThatThrownBy(() -> StateDicts.load(target, course)).hasMessageContaining("init_conv.shortcut.weight");
        var kept = StateDicts.load(target, course, name -> name.startsWith("init_conv.shortcut."));

        assertThat(kept).containsExactly("init_conv.shortcut.weight", "init_conv.shortcut.bias");
        assertThat(PyTorchNames.of(target).get("init_conv.shortcut.weight").getArray().toFloatArray())
                .containsExactly(shortcut);
        assertThat(PyTorchNames.of(target).get("out.3.bias").getArray().toFloatArray())
                .containsExactly(PyTorchNames.of(source).get("out.3.bias").getArray().toFloatArray());
    }

    @Test
    void detectsTheFormatFromTheFirstBytesWhateverTheFileIsCalled() throws Exception {
        NoisePredictor network = initialized(Networks.tinyContextUnet(), manager, 1);
        Path safetensors = dir.resolve("a.safetensors");
        Path npz = dir.resolve("b.npz");
        WeightFiles.save(network, safetensors);
        WeightFiles.save(network, npz);
        Path renamed = java.nio.file.Files.copy(npz, dir.resolve("upload-1234"));
        Path text = java.nio.file.Files.writeString(dir.resolve("notes.safetensors"), "hello, not weights");
        byte[] full = java.nio.file.Files.readAllBytes(safetensors);
        Path truncated = java.nio.file.Files.write(dir.resolve("cut"), java.util.Arrays.copyOf(full, full.length / 2));

        assertThat(WeightFiles.detect(safetensors)).contains(WeightFiles.Format.SAFETENSORS);
        assertThat(WeightFiles.detect(renamed)).contains(WeightFiles.Format.NPZ);
        assertThat(WeightFiles.detect(text)).isEmpty();
        assertThat(WeightFiles.detect(truncated)).contains(WeightFiles.Format.SAFETENSORS);
        assertThat(WeightFiles.read(renamed, WeightFiles.Format.NPZ).names())
                .containsExactlyElementsOf(PyTorchNames.of(network).keySet());
        assertThatThrownBy(() -> WeightFiles.read(truncated, WeightFiles.Format.SAFETENSORS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WeightFiles.read(safetensors, WeightFiles.Format.NPZ))
                .isInstanceOfAny(IllegalArgumentException.class, java.io.IOException.class);
    }

    @Test
    void ignoresPyTorchsBatchNormCounter() {
        NoisePredictor network = initialized(Networks.tinySimpleUnet(), manager, 1);
        StateDict withCounter = new StateDict();
        StateDicts.export(network).asMap().forEach(withCounter::put);
        withCounter.put("downs.0.bnorm1.num_batches_tracked", new Tensor(new long[0], new float[] {3}));

        StateDicts.load(network, withCounter);

        assertThat(PyTorchNames.of(network)).doesNotContainKey("downs.0.bnorm1.num_batches_tracked");
    }

    @Test
    void refusesUninitialisedNetworksAndUnknownExtensions() {
        assertThatThrownBy(() -> StateDicts.export(Networks.tinyContextUnet()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("initialize");
        assertThatThrownBy(() -> WeightFiles.read(dir.resolve("model.pth")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(".safetensors or .npz");
    }
}
