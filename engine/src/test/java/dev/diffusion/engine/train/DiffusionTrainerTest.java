package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import dev.diffusion.engine.diffusion.DiffusionLoss;
import dev.diffusion.engine.diffusion.NoiseSchedule;

import dev.diffusion.engine.testing.EngineTestBase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiffusionTrainerTest extends EngineTestBase {

    private static final String SPEC = "{\"dataset\":\"shapes\"}";

    private static final int SIZE = 8;
    private static final int CLASSES = 2;
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(50);

    @TempDir
    Path dir;

    private static TrainerSettings settings(long steps) {
        return new TrainerSettings(8, steps, AdamConfig.adamW(0.01), LearningRateSchedule.cosine(3e-3, steps, steps / 4),
                1.0, EmaProfile.warmingUp(0.9), 0.2, true, 1234L, CLASSES);
    }

    private DiffusionTrainer trainer(Block network, TrainerSettings settings) {
        return new DiffusionTrainer(network, SCHEDULE, DiffusionLoss.mse(), new BarImages(SIZE), settings, manager);
    }

    private Block network(int seed) {
        return TinyNoiseNet.initialised(manager, 1, SIZE, CLASSES, SCHEDULE.timesteps(), seed);
    }

    @Test
    void halfRunSaveLoadAndSecondHalfGiveBitIdenticalWeights() throws Exception {
        long steps = 8;
        Block straightNet = network(7);
        try (DiffusionTrainer straight = trainer(straightNet, settings(steps))) {
            for (int i = 0; i < steps; i++) {
                straight.trainStep();
            }
            Path file = dir.resolve("half" + CheckpointFiles.EXTENSION);
            try (DiffusionTrainer firstHalf = trainer(network(7), settings(steps))) {
                for (int i = 0; i < steps / 2; i++) {
                    firstHalf.trainStep();
                }
                try (Checkpoint snapshot = firstHalf.snapshot(SPEC, CheckpointMetadata.KIND_CHECKPOINT, manager)) {
                    CheckpointFiles.write(file, snapshot);
                }
            }
            Block resumedNet = network(99); // different initial weights: everything must come from the file
            try (NDManager loadManager = NDManager.newBaseManager();
                    Checkpoint loaded = CheckpointFiles.read(file, loadManager);
                    DiffusionTrainer resumed = trainer(resumedNet, settings(steps))) {
                resumed.restore(loaded);
                assertThat(resumed.step()).isEqualTo(steps / 2);
                while (resumed.step() < steps) {
                    resumed.trainStep();
                }
                assertSameValues(ParameterTransfer.export(resumedNet, manager), ParameterTransfer.export(straightNet, manager));
                try (Checkpoint a = straight.snapshot(SPEC, CheckpointMetadata.KIND_CHECKPOINT, manager);
                        Checkpoint b = resumed.snapshot(SPEC, CheckpointMetadata.KIND_CHECKPOINT, manager)) {
                    assertSameValues(b.ema(), a.ema());
                    assertSameValues(b.optimizer(), a.optimizer());
                    assertThat(b.metadata().rngState()).containsExactly(a.metadata().rngState());
                }
            }
        }
    }

    private static void assertSameValues(NDList actual, NDList expected) {
        assertThat(actual.size()).isEqualTo(expected.size());
        for (int i = 0; i < expected.size(); i++) {
            NDArray e = expected.get(i);
            NDArray a = actual.get(i);
            assertThat(a.getName()).isEqualTo(e.getName());
            assertThat(a.toFloatArray()).as(e.getName()).containsExactly(e.toFloatArray());
        }
    }

    @Test
    void lossFallsClearlyOnATinyProblem() {
        long steps = 60;
        TrainerSettings s = new TrainerSettings(16, steps, AdamConfig.adam(), LearningRateSchedule.constant(1e-2, steps),
                1.0, null, 0.1, false, 5L, CLASSES);
        try (DiffusionTrainer trainer = trainer(network(3), s)) {
            List<Double> losses = new ArrayList<>();
            for (int i = 0; i < steps; i++) {
                losses.add(trainer.trainStep());
            }
            double first = mean(losses.subList(0, 10));
            double last = mean(losses.subList(losses.size() - 10, losses.size()));
            assertThat(last).as("mean loss of the last 10 steps vs the first 10: %s", losses).isLessThan(0.6 * first);
        }
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    @Test
    void trainingUpdatesBatchNormRunningStatisticsOnTheNetwork() {
        Block net = network(1);
        NDArray runningMean = net.getParameters().stream()
                .filter(p -> p.getKey().endsWith("norm_runningMean")).findFirst().orElseThrow()
                .getValue().getArray();
        float[] before = runningMean.toFloatArray();
        try (DiffusionTrainer trainer = trainer(net, settings(2))) {
            trainer.trainStep();
        }
        assertThat(runningMean.toFloatArray()).isNotEqualTo(before);
    }

    @Test
    void recalibratedStatisticsChangeOnlyTheExportedModelNotTheTrainingOrTheResumableState() throws Exception {
        long steps = 4;
        TrainerSettings plain = settings(steps);
        TrainerSettings recalibrating = new TrainerSettings(plain.batchSize(), steps, plain.optimizer(),
                plain.learningRate(), plain.gradClipNorm(), plain.ema(), plain.conditionDropout(), plain.horizontalFlip(),
                plain.seed(), plain.numClasses(), 3);
        Block plainNet = network(5);
        Block recalibratedNet = network(5);
        try (DiffusionTrainer a = trainer(plainNet, plain); DiffusionTrainer b = trainer(recalibratedNet, recalibrating)) {
            for (int i = 0; i < steps; i++) {
                a.trainStep();
                b.trainStep();
                try (AutoCloseable previewWeights = b.samplingWeights()) {
                    assertThat(previewWeights).isNotNull();
                }
            }
            assertSameValues(ParameterTransfer.export(recalibratedNet, manager), ParameterTransfer.export(plainNet, manager));
            try (Checkpoint ca = a.snapshot(SPEC, CheckpointMetadata.KIND_CHECKPOINT, manager);
                    Checkpoint cb = b.snapshot(SPEC, CheckpointMetadata.KIND_CHECKPOINT, manager)) {
                assertSameValues(cb.ema(), ca.ema());
            }
            try (Checkpoint ma = a.snapshot(SPEC, CheckpointMetadata.KIND_MODEL, manager);
                    Checkpoint mb = b.snapshot(SPEC, CheckpointMetadata.KIND_MODEL, manager)) {
                java.util.Map<String, float[]> averaged = new java.util.HashMap<>();
                ma.ema().forEach(x -> averaged.put(x.getName(), x.toFloatArray()));
                assertThat(mb.ema()).hasSize(ma.ema().size());
                for (NDArray x : mb.ema()) {
                    if (x.getName().endsWith("runningMean") || x.getName().endsWith("runningVar")) {
                        assertThat(x.toFloatArray()).as(x.getName()).isNotEqualTo(averaged.get(x.getName()));
                    } else {
                        assertThat(x.toFloatArray()).as(x.getName()).containsExactly(averaged.get(x.getName()));
                    }
                }
            }
        }
    }

    @Test
    void stepsLeaveNoArraysBehindInTheNetworksManager() {
        Block net = network(1);
        NDManager owner = net.getParameters().valueAt(0).getArray().getManager();
        try (DiffusionTrainer trainer = trainer(net, settings(10))) {
            trainer.trainStep();
            int afterFirst = owner.getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                trainer.trainStep();
            }
            assertThat(owner.getManagedArrays()).hasSize(afterFirst);
        }
    }

    @Test
    void runReportsProgressAndCallsCheckpointAndPreviewOnSchedule() throws Exception {
        List<Long> checkpoints = new ArrayList<>();
        List<Long> previews = new ArrayList<>();
        List<TrainingProgress> progress = new ArrayList<>();
        try (DiffusionTrainer trainer = trainer(network(1), settings(5))) {
            boolean finished = trainer.run(new TrainingListener() {
                @Override
                public void onStep(TrainingProgress p) {
                    progress.add(p);
                }

                @Override
                public void onCheckpoint(long step) {
                    checkpoints.add(step);
                }

                @Override
                public void onPreview(long step) {
                    previews.add(step);
                }
            }, 3, 2);
            assertThat(finished).isTrue();
        }
        assertThat(progress).extracting(TrainingProgress::step).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(progress.get(4).eta()).isZero();
        assertThat(progress).allSatisfy(p -> assertThat(p.imagesPerSecond()).isPositive());
        assertThat(checkpoints).containsExactly(2L, 4L, 5L);
        assertThat(previews).containsExactly(3L, 5L);
    }

    @Test
    void cancellationStopsBetweenStepsAfterAFinalCheckpoint() throws Exception {
        List<Long> checkpoints = new ArrayList<>();
        try (DiffusionTrainer trainer = trainer(network(1), settings(50))) {
            boolean finished = trainer.run(new TrainingListener() {
                @Override
                public void onCheckpoint(long step) {
                    checkpoints.add(step);
                }

                @Override
                public boolean isCancelled() {
                    return trainer.step() >= 3;
                }
            }, 0, 0);
            assertThat(finished).isFalse();
            assertThat(trainer.step()).isEqualTo(3);
        }
        assertThat(checkpoints).containsExactly(3L);
    }

    @Test
    void aNonFiniteLossStopsTrainingAsDivergedWithoutTouchingTheWeights() {
        BarImages bars = new BarImages(SIZE);
        TrainingImages poisoned = new TrainingImages() {
            @Override public int size() { return bars.size(); }
            @Override public int channels() { return bars.channels(); }
            @Override public int height() { return bars.height(); }
            @Override public int width() { return bars.width(); }
            @Override public int numClasses() { return bars.numClasses(); }
            @Override public int label(int index) { return bars.label(index); }
            @Override public void copyImage(int index, boolean flip, float[] target, int offset) {
                bars.copyImage(index, flip, target, offset);
                target[offset] = Float.NaN;
            }
        };
        Block network = network(7);
        float[] before = network.getParameters().get(0).getValue().getArray().toFloatArray();
        try (DiffusionTrainer trainer = new DiffusionTrainer(network, SCHEDULE, DiffusionLoss.mse(), poisoned,
                settings(4), manager)) {
            assertThatThrownBy(trainer::trainStep)
                    .isInstanceOfSatisfying(TrainingDivergedException.class, e -> assertThat(e.step()).isEqualTo(1))
                    .hasMessageContaining("the loss is NaN at step 1");
            assertThat(trainer.step()).isZero();
        }
        assertThat(network.getParameters().get(0).getValue().getArray().toFloatArray()).containsExactly(before);
    }

    @Test
    void aModelSnapshotCannotBeResumed() {
        try (DiffusionTrainer trainer = trainer(network(1), settings(2));
                Checkpoint model = trainer.snapshot(SPEC, CheckpointMetadata.KIND_MODEL, manager)) {
            assertThat(model.optimizer()).isNull();
            assertThatThrownBy(() -> trainer.restore(model)).hasMessageContaining("resumable");
        }
    }
}
