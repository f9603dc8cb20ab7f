package dev.diffusion.engine.numerics;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import dev.diffusion.engine.testing.EngineTestBase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The self-check on this machine's kernels, and the kernel choice when oneDNN computes wrong values
 * (simulated: a check whose engine result is corrupted while oneDNN is on).
 */
class EngineNumericsTest extends EngineTestBase {

    /** Each test starts from PyTorch's default, oneDNN on. */
    @BeforeEach
    void oneDnnOn() {
        OneDnnSwitch.find().orElseThrow().setEnabled(true);
    }

    /** Back to the kernel set this JVM settled on (EngineKernelsExtension), oneDNN when none. */
    @AfterEach
    void restoreTheEstablishedKernels() {
        boolean oneDnn = EngineNumerics.current().map(r -> r.kernels() == KernelSet.ONEDNN).orElse(true);
        OneDnnSwitch.find().orElseThrow().setEnabled(oneDnn);
    }

    @Test
    void pyTorchsOwnKernelsPassEveryCheck() {
        NumericsReport pytorch = EngineNumerics.run(KernelPolicy.NATIVE, OpChecks.standard(EngineNumerics.SEED));

        assertThat(pytorch.failures()).as(pytorch.summary()).isEmpty();
        assertThat(pytorch.kernels()).isEqualTo(KernelSet.PYTORCH_NATIVE);
        assertThat(pytorch.checks()).hasSize(8 * 4 + 2 * 5 + 1); // conv/convT: 2 forward + 2 gradients; 3-input ops: 5; a training step
        assertThat(pytorch.summary()).startsWith("passed: 43 checks on PyTorch native (oneDNN off), ")
                .contains(pytorch.cpu().model());
    }

    @Test
    void oneDnnPassesOrAutoSettlesOnKernelsThatDo() {
        NumericsReport oneDnn = EngineNumerics.run(KernelPolicy.ONEDNN, OpChecks.standard(EngineNumerics.SEED));
        OneDnnSwitch.find().orElseThrow().setEnabled(true);
        NumericsReport auto = EngineNumerics.run(KernelPolicy.AUTO, OpChecks.standard(EngineNumerics.SEED));

        assertThat(oneDnn.kernels()).isEqualTo(KernelSet.ONEDNN);
        assertThat(auto.passed()).as(auto.summary()).isTrue();
        if (CacheReport.oneDnnDistrust().isPresent()) {
            System.err.println("oneDNN's AVX-512 kernels are not trusted on this CPU: " + auto.summary() + "; alone "
                    + "oneDNN " + (oneDnn.passed() ? "passed this time" : "failed: " + oneDnn.summary()));
            assertThat(auto.rejected()).get().asString().matches("oneDNN (capped at AVX|not used): .*");
        } else if (oneDnn.passed()) {
            assertThat(auto.kernels()).isEqualTo(KernelSet.ONEDNN);
            assertThat(auto.rejected()).isEmpty();
        } else {
            // a CPU where oneDNN computes wrong numbers: the report names them, the engine runs without it
            System.err.println("oneDNN fails on this CPU: " + oneDnn.summary());
            assertThat(auto.kernels()).isEqualTo(KernelSet.PYTORCH_NATIVE);
            assertThat(auto.rejected()).get().asString().startsWith("oneDNN rejected: ");
        }
    }

    @Test
    void autoFallsBackToPyTorchKernelsWhenOneDnnIsWrong() {
        NumericsReport report = EngineNumerics.run(KernelPolicy.AUTO, withFaultUnderOneDnn(), Optional::empty,
                isa -> true);

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.kernels()).isEqualTo(KernelSet.PYTORCH_NATIVE);
        assertThat(report.rejected()).get().asString()
                .startsWith("oneDNN rejected: conv2d 3x3 s1 p1 [2,8,6,6]->8 forward (training): error");
        assertThat(OneDnnSwitch.find().orElseThrow().isEnabled()).isFalse();
    }

    @Test
    void autoCapsOneDnnOnACpuWhereItsWidestKernelsAreKnownToFailSometimes() {
        List<String> caps = new ArrayList<>();
        NumericsReport report = EngineNumerics.run(KernelPolicy.AUTO, OpChecks.standard(EngineNumerics.SEED),
                () -> Optional.of("this CPU hides its caches"), isa -> caps.add(isa));

        assertThat(caps).containsExactly("AVX");
        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.summary()).contains("; oneDNN capped at AVX: this CPU hides its caches");
    }

    @Test
    void aCappedOneDnnThatStillFailsIsLeftOut() {
        NumericsReport report = EngineNumerics.run(KernelPolicy.AUTO, withFaultUnderOneDnn(),
                () -> Optional.of("this CPU hides its caches"), isa -> true);

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.kernels()).isEqualTo(KernelSet.PYTORCH_NATIVE);
        assertThat(report.rejected()).get().asString().startsWith(
                "oneDNN capped at AVX: this CPU hides its caches; oneDNN rejected: conv2d 3x3 s1 p1 [2,8,6,6]->8");
    }

    @Test
    void autoLeavesOneDnnOutOnSuchACpuWhenItCannotBeCapped() {
        NumericsReport report = EngineNumerics.run(KernelPolicy.AUTO, OpChecks.standard(EngineNumerics.SEED),
                () -> Optional.of("this CPU hides its caches"), isa -> false);

        assertThat(report.passed()).as(report.summary()).isTrue();
        assertThat(report.kernels()).isEqualTo(KernelSet.PYTORCH_NATIVE);
        assertThat(report.summary()).startsWith("passed: 43 checks on PyTorch native (oneDNN off), ")
                .contains("; oneDNN not used: this CPU hides its caches");
        assertThat(OneDnnSwitch.find().orElseThrow().isEnabled()).isFalse();
    }

    @Test
    void oneDnnOnlyFailsWithTheWrongChecksNamed() {
        NumericsReport report = EngineNumerics.run(KernelPolicy.ONEDNN, withFaultUnderOneDnn());

        assertThat(report.passed()).isFalse();
        assertThat(report.failures()).extracting(KernelCheck::name).contains(
                "conv2d 3x3 s1 p1 [2,8,6,6]->8 forward (training)", "conv2d 3x3 s1 p1 [2,8,6,6]->8 forward (inference)");
        assertThat(report.summary()).startsWith("FAILED: ").contains("conv2d 3x3 s1 p1 [2,8,6,6]->8 forward");
    }

    @Test
    void aComputationThatChangesBetweenRunsIsNotRepeatable() {
        double[] state = {0};
        OpCheck check = OpChecks.conv(new Random(3), 1, 2, 4, 2, 3, 1, 1);
        OpCheck drifting = new OpCheck(check.name(), in -> {
            state[0] += 1e-9;
            return check.operation().apply(in).add((float) state[0]);
        }, check.inputs(), check.inputNames(), check.upstream(), check.output(), check.gradients());

        List<KernelCheck> results = drifting.run(manager);

        assertThat(results.get(0).repeatable()).isFalse();
        assertThat(results.get(0).passed()).isFalse();
        assertThat(results.get(0).describe()).endsWith("not repeatable (two runs differ)");
    }

    /** A convolution whose first output element is off by 0.5 whenever oneDNN is on. */
    private static List<OpCheck> withFaultUnderOneDnn() {
        OpCheck check = OpChecks.conv(new Random(11), 2, 8, 6, 8, 3, 1, 1);
        OpCheck faulty = new OpCheck(check.name(), in -> {
            NDArray y = check.operation().apply(in);
            if (!OneDnnSwitch.find().orElseThrow().isEnabled()) {
                return y;
            }
            NDArray bump = y.getManager().zeros(y.getShape()).reshape(-1);
            bump.set(new ai.djl.ndarray.index.NDIndex(0), 0.5f);
            return y.add(bump.reshape(y.getShape()));
        }, check.inputs(), check.inputNames(), check.upstream(), check.output(), check.gradients());
        List<OpCheck> checks = new ArrayList<>(List.of(faulty));
        checks.add(OpChecks.linear(new Random(12), 2, 3, 4));
        return checks;
    }
}
