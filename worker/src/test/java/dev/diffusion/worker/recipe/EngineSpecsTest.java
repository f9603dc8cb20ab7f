package dev.diffusion.worker.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffusion.common.spec.Architecture;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
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
import dev.diffusion.engine.diffusion.DiffusionLoss;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.train.AdamConfig;
import dev.diffusion.engine.train.EmaProfile;
import dev.diffusion.engine.train.LearningRateSchedule;
import dev.diffusion.engine.train.TrainerSettings;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EngineSpecsTest {

    @Test
    void defaultsGiveTheCourseSetupWithAWarmupStableDecayAndNeitherEmaNorClipping() {
        TrainingSpec spec = TrainingSpec.of("mnist").withSeed(5).withDefaults();
        TrainerSettings s = EngineSpecs.trainerSettings(new EffectiveTrainingSpec(spec));
        assertThat(s.batchSize()).isEqualTo(64);
        assertThat(s.optimizer()).isEqualTo(AdamConfig.adam());
        assertThat(s.learningRate()).isEqualTo(LearningRateSchedule.warmupStableDecay(1e-3, 2000, 0, 0.2));
        assertThat(s.emaEnabled()).isFalse();
        assertThat(s.gradClipNorm()).isZero();
        assertThat(s.seed()).isEqualTo(5);
        assertThat(s.numClasses()).isEqualTo(10);
        assertThat(EngineSpecs.noiseSchedule(spec.schedule())).isEqualTo(NoiseSchedule.linear(500, 1e-4, 0.02));
        assertThat(EngineSpecs.loss(spec.loss(), NoiseSchedule.linear(500)).kind()).isEqualTo(DiffusionLoss.Kind.MSE);
    }

    @Test
    void aRelativeWidthGivesThePowerFunctionEma() {
        TrainingSpec spec = TrainingSpec.of("mnist").withDefaults();
        TrainingSpec power = new TrainingSpec(spec.dataset(), spec.imageSize(), spec.channels(), spec.model(),
                spec.schedule(), spec.loss(), spec.optimizer(), spec.batchSize(), spec.steps(),
                new EmaSpec(true, null, 0.05), spec.conditionDropout(), spec.horizontalFlip(), spec.seed(),
                spec.checkpointEvery(), spec.previewEvery(), spec.evaluateEvery()).withDefaults();
        assertThat(EngineSpecs.trainerSettings(new EffectiveTrainingSpec(power)).ema()).isEqualTo(EmaProfile.power(0.05));
    }

    @Test
    void adamWIsDecoupledAndDisabledEmaHasNoProfile() {
        TrainingSpec spec = new TrainingSpec("shapes", null, null, null,
                new ScheduleSpec(ScheduleType.COSINE, 100, null, null), new LossSpec(LossType.HUBER, LossWeighting.MIN_SNR, null, null),
                new OptimizerSpec(OptimizerType.ADAMW, 2e-4, null, LrSchedule.COSINE, 10, 0.0), 8, 40,
                new EmaSpec(false, null), 0.2, true, 1L, null, null, null).withDefaults();
        TrainerSettings s = EngineSpecs.trainerSettings(new EffectiveTrainingSpec(spec));
        assertThat(s.optimizer().decoupled()).isTrue();
        assertThat(s.optimizer().weightDecay()).isEqualTo(0.01);
        assertThat(s.learningRate()).isEqualTo(LearningRateSchedule.cosine(2e-4, 40, 10));
        assertThat(s.emaEnabled()).isFalse();
        assertThat(s.gradClipNorm()).isZero();
        assertThat(s.horizontalFlip()).isTrue();
        assertThat(EngineSpecs.noiseSchedule(spec.schedule())).isEqualTo(NoiseSchedule.cosine(100));
        DiffusionLoss loss = EngineSpecs.loss(spec.loss(), NoiseSchedule.cosine(100));
        assertThat(loss.kind()).isEqualTo(DiffusionLoss.Kind.HUBER);
        assertThat(loss.weighting()).isEqualTo(dev.diffusion.engine.diffusion.LossWeighting.minSnr(5));
    }

    @Test
    void aRawRequestIsNotAnEffectiveSpec() {
        assertThatThrownBy(() -> new EffectiveTrainingSpec(TrainingSpec.of("mnist")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("EffectiveTrainingSpec.of");
        EffectiveTrainingSpec effective = EffectiveTrainingSpec.of(TrainingSpec.of("mnist").withSeed(3));
        assertThat(new EffectiveTrainingSpec(effective.spec())).isEqualTo(effective);
    }

    @ParameterizedTest
    @EnumSource(ScheduleType.class)
    void everyWireScheduleBuildsAnEngineSchedule(ScheduleType type) {
        ScheduleSpec spec = new ScheduleSpec(type, 50, null, null).withDefaults();
        NoiseSchedule schedule = EngineSpecs.noiseSchedule(spec);
        assertThat(schedule.timesteps()).isEqualTo(50);
        assertThat(schedule.alphaBar(49)).isLessThan(schedule.alphaBar(0));
    }

    @ParameterizedTest
    @EnumSource(LossType.class)
    void everyWireLossAndWeightingMapsToTheEngine(LossType type) {
        for (LossWeighting weighting : LossWeighting.values()) {
            DiffusionLoss loss = EngineSpecs.loss(new LossSpec(type, weighting, null, null).withDefaults(),
                    NoiseSchedule.linear(20));
            assertThat(loss.kind().name()).isEqualTo(type.name());
        }
    }

    @ParameterizedTest
    @EnumSource(LrSchedule.class)
    void everyWireLearningRateScheduleMapsToTheEngine(LrSchedule schedule) {
        OptimizerSpec spec = new OptimizerSpec(null, 1e-3, null, schedule, 0, null).withDefaults();
        assertThat(EngineSpecs.learningRate(spec, 10).kind().name()).isEqualTo(schedule.name());
    }

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void everyWireArchitectureNamesAnEngineNetwork(Architecture architecture) {
        assertThat(Networks.architecture(architecture).id()).isEqualTo(architecture.wireName());
        TrainingSpec spec = TrainingSpec.of("shapes").withSeed(1).withDefaults();
        assertThat(Networks.networkSpec(new EffectiveTrainingSpec(spec)).architecture())
                .isEqualTo(Networks.architecture(spec.model().architecture()));
    }
}
