package dev.diffusion.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.spec.EmaSpec;
import dev.diffusion.common.spec.LossSpec;
import dev.diffusion.common.spec.LossType;
import dev.diffusion.common.spec.LossWeighting;
import dev.diffusion.common.spec.LrSchedule;
import dev.diffusion.common.spec.OptimizerSpec;
import dev.diffusion.common.spec.OptimizerType;
import dev.diffusion.common.spec.ScheduleSpec;
import dev.diffusion.common.spec.ScheduleType;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.worker.diffusion.DiffusionLoss;
import dev.diffusion.worker.diffusion.NoiseSchedule;

import org.junit.jupiter.api.Test;

class EngineSpecsTest {

    @Test
    void defaultsGiveTheCourseSetup() {
        TrainingSpec spec = TrainingSpec.of("mnist").withSeed(5).withDefaults();
        TrainerSettings s = EngineSpecs.trainerSettings(spec);
        assertThat(s.batchSize()).isEqualTo(64);
        assertThat(s.optimizer()).isEqualTo(AdamConfig.adam());
        assertThat(s.learningRate()).isEqualTo(LearningRateSchedule.linear(1e-3, 2000));
        assertThat(s.emaDecay()).isEqualTo(0.995);
        assertThat(s.seed()).isEqualTo(5);
        assertThat(s.numClasses()).isEqualTo(10);
        assertThat(EngineSpecs.noiseSchedule(spec.schedule())).isEqualTo(NoiseSchedule.linear(500, 1e-4, 0.02));
        assertThat(EngineSpecs.loss(spec.loss(), NoiseSchedule.linear(500)).kind()).isEqualTo(DiffusionLoss.Kind.MSE);
    }

    @Test
    void adamWIsDecoupledAndDisabledEmaIsNaN() {
        TrainingSpec spec = new TrainingSpec("shapes", null, null, null,
                new ScheduleSpec(ScheduleType.COSINE, 100, null, null), new LossSpec(LossType.HUBER, LossWeighting.MIN_SNR, null, null),
                new OptimizerSpec(OptimizerType.ADAMW, 2e-4, null, LrSchedule.COSINE, 10, 0.0), 8, 40,
                new EmaSpec(false, null), 0.2, true, 1L, null, null).withDefaults();
        TrainerSettings s = EngineSpecs.trainerSettings(spec);
        assertThat(s.optimizer().decoupled()).isTrue();
        assertThat(s.optimizer().weightDecay()).isEqualTo(0.01);
        assertThat(s.learningRate()).isEqualTo(LearningRateSchedule.cosine(2e-4, 40, 10));
        assertThat(s.emaEnabled()).isFalse();
        assertThat(s.gradClipNorm()).isZero();
        assertThat(s.horizontalFlip()).isTrue();
        assertThat(EngineSpecs.noiseSchedule(spec.schedule())).isEqualTo(NoiseSchedule.cosine(100));
        DiffusionLoss loss = EngineSpecs.loss(spec.loss(), NoiseSchedule.cosine(100));
        assertThat(loss.kind()).isEqualTo(DiffusionLoss.Kind.HUBER);
        assertThat(loss.weighting()).isEqualTo(dev.diffusion.worker.diffusion.LossWeighting.minSnr(5));
    }
}
