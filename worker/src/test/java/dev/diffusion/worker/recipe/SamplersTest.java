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
            assertThat(s.clipX0()).as("DDIM samples without clipping x0 unless asked").isFalse();
        });
    }

    @Test
    void evaluationSettingsClipAsGenerationDoesUnlessTheyAskOtherwiseAndTheLabelNamesAnyChange() {
        var schedule = EngineSpecs.noiseSchedule(new ScheduleSpec(null, 30, null, null).withDefaults());
        SamplerSettings usual = new SamplerSettings(SamplerType.DDIM, 5, null, null).withDefaults(30);
        SamplerSettings clipped = new SamplerSettings(SamplerType.DDIM, 5, null, null, true).withDefaults(30);
        SamplerSettings ddpm = new SamplerSettings(SamplerType.DDPM, 30, null, null).withDefaults(30);
        SamplerSettings ddpmUnclipped = new SamplerSettings(SamplerType.DDPM, 30, null, null, false).withDefaults(30);

        assertThat(((DdimSampler) Samplers.fromSettings(usual, schedule)).clipX0()).isFalse();
        assertThat(((DdimSampler) Samplers.fromSettings(clipped, schedule)).clipX0()).isTrue();
        assertThat(((DdpmSampler) Samplers.fromSettings(ddpm, schedule)).meanForm())
                .isEqualTo(DdpmSampler.MeanForm.CLIPPED_X0);
        assertThat(((DdpmSampler) Samplers.fromSettings(ddpmUnclipped, schedule)).meanForm())
                .isEqualTo(DdpmSampler.MeanForm.DIRECT);
        assertThat(usual.label()).isEqualTo("ddim-5 s=1.0");
        assertThat(clipped.label()).isEqualTo("ddim-5 s=1.0 clipped");
        assertThat(ddpm.label()).isEqualTo("ddpm-30 s=1.0");
        assertThat(ddpmUnclipped.label()).isEqualTo("ddpm-30 s=1.0 unclipped");
    }
}
