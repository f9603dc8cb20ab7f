package dev.diffusion.worker.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.LrSchedule;
import dev.diffusion.common.spec.NormType;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.data.ShapesDataset;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class QualityRecipeTest {

    private final QualityStudy study = new QualityStudy(new QualityStudy.Settings(Path.of("unused"), Path.of("unused"), 8, 2, 5, 1));

    private EffectiveTrainingSpec spec(QualityRecipe recipe) {
        return study.spec(new QualityCell("shapes", 16, 3, recipe, 40, "steps"), ShapesDataset.generate(8, 16, 1));
    }

    @Test
    void theCourseRecipeIsConstantAdamWithoutEmaOrClippingOnBatchNorm() {
        TrainingSpec course = spec(QualityRecipe.COURSE).spec();

        assertThat(course.optimizer().lrSchedule()).isEqualTo(LrSchedule.CONSTANT);
        assertThat(course.optimizer().learningRate()).isEqualTo(1e-3);
        assertThat(course.optimizer().gradClipNorm()).isZero();
        assertThat(course.ema().enabled()).isFalse();
        assertThat(course.model().norm()).isEqualTo(NormType.BATCH);
        assertThat(QualityRecipe.COURSE.clipDenoised()).isFalse();
        // the study's common fields stay
        assertThat(course.model().baseChannels()).isEqualTo(16);
        assertThat(course.model().numClasses()).isEqualTo(4);
        assertThat(course.steps()).isEqualTo(40);
        assertThat(course.seed()).isEqualTo(3);
        assertThat(course.batchSize()).isEqualTo(8);
    }

    @Test
    void theDefaultsAreWarmupStableDecayWithoutEmaOrClippingAndTheirPredecessorsStaySpelledOut() {
        TrainingSpec defaults = spec(QualityRecipe.DEFAULTS).spec();
        TrainingSpec wsd = spec(QualityRecipe.parse("wsd={\"optimizer\":{\"gradClipNorm\":0,"
                + "\"lrSchedule\":\"warmup-stable-decay\"},\"ema\":{\"enabled\":false}}")).spec();
        TrainingSpec before = spec(QualityRecipe.DEFAULTS_2026_12_05).spec();

        assertThat(defaults.optimizer().lrSchedule()).isEqualTo(LrSchedule.WARMUP_STABLE_DECAY);
        assertThat(defaults.optimizer().decayFraction()).isEqualTo(0.2);
        assertThat(defaults.optimizer().gradClipNorm()).isZero();
        assertThat(defaults.ema().enabled()).isFalse();
        assertThat(defaults.model().norm()).isEqualTo(NormType.BATCH);
        // the recipe the study called wsd is the defaults now: its recorded cells are theirs
        assertThat(QualityStudy.specSha256(new EffectiveTrainingSpec(defaults)))
                .isEqualTo(QualityStudy.specSha256(new EffectiveTrainingSpec(wsd)));
        assertThat(before.optimizer().lrSchedule()).isEqualTo(LrSchedule.CONSTANT);
        assertThat(before.optimizer().gradClipNorm()).isEqualTo(1.0);
        assertThat(before.ema().enabled()).isTrue();
        assertThat(before.ema().decay()).isEqualTo(0.995);
        assertThat(before.model().norm()).isEqualTo(NormType.BATCH);
        assertThat(QualityRecipe.DEFAULTS_2026_12_05.clipDenoised()).isFalse();
        assertThat(QualityRecipe.parse("defaults-2026-12-05")).isSameAs(QualityRecipe.DEFAULTS_2026_12_05);
    }

    @Test
    void anOverlayChangesOnlyTheFieldsItNamesEvenInsideNestedObjects() {
        QualityRecipe warm = QualityRecipe.parse("warm={\"optimizer\":{\"warmupSteps\":10},\"model\":{\"norm\":\"batch\"}}");
        TrainingSpec spec = spec(warm).spec();
        TrainingSpec defaults = spec(QualityRecipe.DEFAULTS).spec();

        assertThat(spec.optimizer().warmupSteps()).isEqualTo(10);
        assertThat(spec.optimizer().lrSchedule()).isEqualTo(defaults.optimizer().lrSchedule());
        assertThat(spec.model().norm()).isEqualTo(NormType.BATCH);
        assertThat(spec.model().baseChannels()).isEqualTo(16);
        assertThat(warm.clipDenoised()).as("DDIM's default").isFalse();
        assertThat(QualityRecipe.DEFAULTS.clipDenoised()).isFalse();
        assertThat(QualityRecipe.DEFAULTS_2026_12_04.clipDenoised()).isTrue();
        ObjectNode common = JsonMapper.shared().createObjectNode().put("steps", 5);
        warm.over(common);
        assertThat(common.size()).isEqualTo(1); // not changed in place
    }

    @Test
    void aRecipeMaySampleWithoutClippingWhichIsNoTrainingField() {
        QualityRecipe unclipped = QualityRecipe.parse("bn-unclipped={\"model\":{\"norm\":\"batch\"},\"clipDenoised\":false}");

        assertThat(unclipped.clipDenoised()).isFalse();
        assertThat(unclipped.overlay().has("clipDenoised")).isFalse();
        assertThat(spec(unclipped).spec().model().norm()).isEqualTo(NormType.BATCH);
        assertThat(QualityRecipe.parse("clipped={\"clipDenoised\":true}").clipDenoised()).isTrue();
        assertThatThrownBy(() -> QualityRecipe.parse("x={\"clipDenoised\":\"no\"}"))
                .hasMessageContaining("clipDenoised must be true or false");
    }

    @Test
    void badRecipesAreNamedInTheError() {
        assertThat(QualityRecipe.parse("defaults-2026-12-04")).isSameAs(QualityRecipe.DEFAULTS_2026_12_04);
        assertThatThrownBy(() -> QualityRecipe.parse("fancy")).hasMessageContaining("unknown recipe fancy");
        assertThatThrownBy(() -> QualityRecipe.parse("x=[1]")).hasMessageContaining("JSON object");
        assertThatThrownBy(() -> QualityRecipe.parse("Bad Name={}")).hasMessageContaining("recipe name");
        assertThatThrownBy(() -> spec(QualityRecipe.parse("lr={\"optimizer\":{\"learningRate\":5}}")))
                .hasMessageContaining("optimizer.learningRate");
    }
}
