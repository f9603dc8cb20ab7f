package dev.diffusion.worker.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.spec.EffectiveGenerationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.common.spec.SamplerType;
import dev.diffusion.common.spec.ScheduleSpec;
import dev.diffusion.engine.diffusion.DdimSampler;
import dev.diffusion.engine.diffusion.DdpmSampler;

import java.util.List;

import org.junit.jupiter.api.Test;

class SamplersTest {

    @Test
    void specsChooseTheSampler() {
        var schedule = EngineSpecs.noiseSchedule(new ScheduleSpec(null, 30, null, null).withDefaults());
        GenerationSpec ddpm = new GenerationSpec("m", SamplerType.DDPM, null, null, null, null, null, 1L, null, null, false, null)
                .withDefaults(30);
        assertThat(Samplers.fromSpec(EffectiveGenerationSpec.of(ddpm, 30), schedule)).isInstanceOfSatisfying(DdpmSampler.class, s -> {
            assertThat(s.timesteps()).hasSize(30);
            assertThat(s.meanForm()).isEqualTo(DdpmSampler.MeanForm.DIRECT);
        });
        GenerationSpec ddim = new GenerationSpec("m", SamplerType.DDIM, 7, null, 1, List.of(2), null, 3L, 2, null, null, null)
                .withDefaults(30);
        assertThat(Samplers.fromSpec(EffectiveGenerationSpec.of(ddim, 30), schedule)).isInstanceOfSatisfying(DdimSampler.class, s -> {
            assertThat(s.timesteps()).hasSize(7);
            assertThat(s.clipX0()).isTrue();
        });
    }

    @Test
    void evaluationSettingsClipUnlessTheyAskForTheCoursesUnclippedSampler() {
        var schedule = EngineSpecs.noiseSchedule(new ScheduleSpec(null, 30, null, null).withDefaults());
        SamplerSettings usual = new SamplerSettings(SamplerType.DDIM, 5, null, null).withDefaults(30);
        SamplerSettings course = new SamplerSettings(SamplerType.DDIM, 5, null, null, false).withDefaults(30);

        assertThat(((DdimSampler) Samplers.fromSettings(usual, schedule)).clipX0()).isTrue();
        assertThat(((DdimSampler) Samplers.fromSettings(course, schedule)).clipX0()).isFalse();
        assertThat(((DdpmSampler) Samplers.fromSettings(new SamplerSettings(SamplerType.DDPM, 30, null, null, false)
                .withDefaults(30), schedule)).meanForm()).isEqualTo(DdpmSampler.MeanForm.DIRECT);
        assertThat(usual.label()).isEqualTo("ddim-5 s=1.0");
        assertThat(course.label()).isEqualTo("ddim-5 s=1.0 unclipped");
    }
}
