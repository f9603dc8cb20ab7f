package dev.diffusion.worker.quality;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.SamplerType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;

/**
 * A named way of training and sampling: training-spec fields laid over the study's common fields (data set, steps,
 * batch, width, seed), and whether its DDIM sampler clips the predicted x0.
 *
 * @param name short name used in tables and file names
 * @param description what it changes, for the report
 * @param overlay training-spec fields (a JSON object), merged field by field over the common ones
 * @param clipDenoised whether its sampler clips the predicted x0 to [−1, 1]
 */
public record QualityRecipe(String name, String description, ObjectNode overlay, boolean clipDenoised) {

    /** The plain recipe of the DeepLearning.AI course "How Diffusion Models Work". */
    public static final QualityRecipe COURSE = of("course",
            "constant Adam 1e-3, no EMA, no clipping, BatchNorm in the residual blocks; DDIM without clipping",
            "{\"optimizer\":{\"lrSchedule\":\"constant\",\"warmupSteps\":0,\"gradClipNorm\":0},"
                    + "\"ema\":{\"enabled\":false},\"model\":{\"norm\":\"batch\"}}", false);
    /** Whatever this commit's defaults are. */
    public static final QualityRecipe DEFAULTS = of("defaults", "the platform's defaults of this commit", "{}",
            GenerationSpec.clipsByDefault(SamplerType.DDIM));
    /** The defaults until 2026-12-04, spelled out so they stay comparable after the defaults change. */
    public static final QualityRecipe DEFAULTS_2026_12_04 = of("defaults-2026-12-04",
            "Adam 1e-3 decaying linearly to 0, global-norm clip 1.0, EMA 0.995, GroupNorm; DDIM clipping x0",
            "{\"optimizer\":{\"lrSchedule\":\"linear\",\"warmupSteps\":0,\"gradClipNorm\":1.0},"
                    + "\"ema\":{\"enabled\":true,\"decay\":0.995},\"model\":{\"norm\":\"group\"}}", true);

    /** The defaults from 2026-12-05 until warm-up-stable-decay replaced them (2026-12-07), spelled out. */
    public static final QualityRecipe DEFAULTS_2026_12_05 = of("defaults-2026-12-05",
            "constant Adam 1e-3, global-norm clip 1.0, EMA 0.995, BatchNorm in the residual blocks; DDIM without clipping",
            "{\"optimizer\":{\"lrSchedule\":\"constant\",\"warmupSteps\":0,\"gradClipNorm\":1.0},"
                    + "\"ema\":{\"enabled\":true,\"decay\":0.995},\"model\":{\"norm\":\"batch\"}}", false);

    /** The recipes the command knows by name. */
    public static final List<QualityRecipe> KNOWN = List.of(COURSE, DEFAULTS, DEFAULTS_2026_12_04, DEFAULTS_2026_12_05);

    /** The field of a command-line recipe that says whether its DDIM sampler clips x0 (not a training field). */
    public static final String CLIP_FIELD = "clipDenoised";

    /** Checks the fields. */
    public QualityRecipe {
        Objects.requireNonNull(overlay, "overlay");
        if (name == null || !name.matches("[a-z0-9][a-z0-9.+-]{0,40}")) {
            throw new IllegalArgumentException("a recipe name is 1-41 of a-z 0-9 . + - (was " + name + ")");
        }
    }

    /**
     * A recipe from its JSON overlay.
     *
     * @param name the name
     * @param description what it changes
     * @param overlayJson a JSON object of training-spec fields
     * @param clipDenoised whether its sampler clips x0
     * @return the recipe
     * @throws IllegalArgumentException when the overlay is not a JSON object
     */
    public static QualityRecipe of(String name, String description, String overlayJson, boolean clipDenoised) {
        try {
            JsonNode node = JsonMapper.shared().readTree(overlayJson);
            if (!(node instanceof ObjectNode object)) {
                throw new IllegalArgumentException("recipe " + name + ": the overlay must be a JSON object");
            }
            return new QualityRecipe(name, description, object, clipDenoised);
        } catch (IOException e) {
            throw new IllegalArgumentException("recipe " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A recipe given on the command line: {@code name=JSON} over the defaults, or a known name. The JSON holds
     * training-spec fields and, optionally, {@value #CLIP_FIELD} (a boolean; default: DDIM's default) for its sampler.
     *
     * @param text a known name ({@link #KNOWN}) or {@code name={...}}
     * @return the recipe
     */
    public static QualityRecipe parse(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            return KNOWN.stream().filter(r -> r.name.equals(text.trim())).findFirst().orElseThrow(() ->
                    new IllegalArgumentException("unknown recipe " + text + "; known: " + KNOWN.stream()
                            .map(QualityRecipe::name).toList() + ", or name={training-spec fields}"));
        }
        String name = text.substring(0, eq).trim();
        String json = text.substring(eq + 1);
        QualityRecipe given = of(name, "defaults with " + json, json, GenerationSpec.clipsByDefault(SamplerType.DDIM));
        JsonNode clip = given.overlay.remove(CLIP_FIELD);
        if (clip == null) {
            return given;
        }
        if (!clip.isBoolean()) {
            throw new IllegalArgumentException("recipe " + name + ": " + CLIP_FIELD + " must be true or false");
        }
        return new QualityRecipe(name, given.description, given.overlay, clip.booleanValue());
    }

    /**
     * The training spec of this recipe over the common fields.
     *
     * @param common the study's fields (data set, steps, batch, width, seed, …)
     * @return a new JSON object: the common fields with this recipe's laid over them
     */
    public ObjectNode over(ObjectNode common) {
        ObjectNode merged = common.deepCopy();
        merge(merged, overlay);
        return merged;
    }

    private static void merge(ObjectNode target, ObjectNode source) {
        source.fields().forEachRemaining(e -> {
            JsonNode existing = target.get(e.getKey());
            if (existing instanceof ObjectNode into && e.getValue() instanceof ObjectNode from) {
                merge(into, from);
            } else {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        });
    }

    /** @return the overlay as compact JSON */
    public String overlayJson() {
        try {
            return JsonMapper.shared().writeValueAsString(overlay);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
