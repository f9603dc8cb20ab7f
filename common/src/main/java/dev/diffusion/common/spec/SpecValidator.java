package dev.diffusion.common.spec;

import java.util.List;

/**
 * Checks effective specs (after {@code withDefaults}) against {@link SpecLimits} and the rules the
 * networks impose. Returns every problem at once, each with its field path.
 */
public final class SpecValidator {

    private SpecValidator() {
    }

    /** Problems of a training spec, as given (missing fields are filled with defaults first). */
    public static List<FieldError> validate(TrainingSpec given) {
        FieldErrors e = new FieldErrors();
        if (given.dataset() == null || given.dataset().isBlank()) {
            e.add("dataset", "is required: one of " + Datasets.BUILT_IN + " or s3://bucket/prefix");
            return e.list();
        }
        TrainingSpec s = given.withDefaults();
        if (Datasets.isObjectStoreLocation(s.dataset())) {
            Datasets.locationProblem(s.dataset()).ifPresent(why -> e.add("dataset", why));
        } else {
            e.check(Datasets.isBuiltIn(s.dataset()), "dataset",
                    "'" + s.dataset() + "' is not one of " + Datasets.BUILT_IN + " nor an s3://bucket/prefix location");
        }
        e.range(s.imageSize(), SpecLimits.MIN_IMAGE_SIZE, SpecLimits.MAX_IMAGE_SIZE, "imageSize");
        e.check(s.imageSize() % 4 == 0, "imageSize", "must be a multiple of 4 (was " + s.imageSize() + ")");
        e.check(s.channels() == 1 || s.channels() == 3, "channels", "must be 1 (gray) or 3 (RGB) (was " + s.channels() + ")");
        validateModel(s.model(), s.imageSize(), e);
        validateSchedule(s.schedule(), e);
        e.range(s.loss().gamma(), 1e-6, 1e6, "loss.gamma");
        e.range(s.loss().p2K(), 1e-6, 1e6, "loss.p2K");
        validateOptimizer(s.optimizer(), s.steps(), e);
        e.range(s.batchSize(), 1, SpecLimits.MAX_BATCH_SIZE, "batchSize");
        e.range(s.steps(), 1, SpecLimits.MAX_STEPS, "steps");
        validateEma(given.ema(), s.ema(), s.model(), e);
        e.rangeExclusiveMax(s.conditionDropout(), 0.0, 1.0, "conditionDropout");
        e.check(s.seed() >= 0, "seed", "must not be negative (was " + s.seed() + ")");
        e.range(s.checkpointEvery(), 1, SpecLimits.MAX_STEPS, "checkpointEvery");
        e.range(s.previewEvery(), 0, SpecLimits.MAX_STEPS, "previewEvery");
        e.check(s.evaluateEvery() >= 0 && s.evaluateEvery() <= Math.max(0, s.steps()), "evaluateEvery",
                "must be between 0 (off) and steps (" + s.steps() + ") (was " + s.evaluateEvery() + ")");
        return e.list();
    }

    private static void validateEma(EmaSpec given, EmaSpec ema, ModelSpec model, FieldErrors e) {
        if (Boolean.TRUE.equals(ema.recalibrateBatchNorm())) {
            e.check(Boolean.TRUE.equals(ema.enabled()), "ema.recalibrateBatchNorm",
                    "recalibrates the EMA weights' BatchNorm statistics, but ema.enabled is false");
            boolean batchNorm = model.architecture() == Architecture.SIMPLE_UNET
                    || model.architecture() == Architecture.CONTEXT_UNET && model.norm() == NormType.BATCH;
            e.check(batchNorm, "ema.recalibrateBatchNorm", "the model has no BatchNorm (" + model.architecture().wireName()
                    + " with model.norm " + model.norm().wireName() + ")");
        }
        if (given != null && given.decay() != null && given.sigmaRel() != null) {
            e.add("ema.sigmaRel", "give either ema.decay (a constant decay) or ema.sigmaRel (the power-function EMA), not both");
            return;
        }
        if (ema.sigmaRel() != null) {
            e.check(!ema.sigmaRel().isNaN() && ema.sigmaRel() > 0 && ema.sigmaRel() <= EmaSpec.MAX_SIGMA_REL, "ema.sigmaRel",
                    "must be above 0 and at most " + EmaSpec.MAX_SIGMA_REL + " (was " + ema.sigmaRel() + "); 0.05 to 0.10 are usual");
        } else {
            e.rangeExclusiveMax(ema.decay(), 0.0, 1.0, "ema.decay");
        }
    }

    /**
     * Problems of a generation spec for a model trained with {@code timesteps} steps and
     * {@code numClasses} classes (0 = unconditional).
     */
    public static List<FieldError> validate(GenerationSpec given, int timesteps, int numClasses) {
        FieldErrors e = new FieldErrors();
        if (given.modelId() == null || given.modelId().isBlank()) {
            e.add("modelId", "is required: the id of a model from a succeeded training job");
            return e.list();
        }
        GenerationSpec s = given.withDefaults(timesteps);
        if (s.sampler() == SamplerType.DDPM) {
            e.check(s.steps() == timesteps, "steps",
                    "DDPM samples every one of the model's " + timesteps + " timesteps (was " + s.steps() + "); use ddim for fewer steps");
        } else {
            e.range(s.steps(), 1, timesteps, "steps");
        }
        e.range(s.eta(), 0.0, 1.0, "eta");
        e.range(s.numImages(), 1, SpecLimits.MAX_IMAGES, "numImages");
        validateLabels(s, numClasses, e);
        e.range(s.guidanceScale(), 0.0, SpecLimits.MAX_GUIDANCE_SCALE, "guidanceScale");
        e.check(s.seed() >= 0, "seed", "must not be negative (was " + s.seed() + ")");
        e.range(s.gridColumns(), 1, Math.max(1, s.numImages()), "gridColumns");
        e.range(s.gif().frameEvery(), 0, Math.max(0, s.steps()), "gif.frameEvery");
        e.range(s.gif().framesPerSecond(), 1, SpecLimits.MAX_FRAMES_PER_SECOND, "gif.framesPerSecond");
        e.range(s.gif().holdLastSeconds(), 0.0, 60.0, "gif.holdLastSeconds");
        return e.list();
    }

    /**
     * Problems of an evaluation spec for a model trained with {@code timesteps} steps and {@code numClasses}
     * classes (0 = unconditional).
     */
    public static List<FieldError> validate(EvaluationSpec given, int timesteps, int numClasses) {
        FieldErrors e = new FieldErrors();
        if (given.modelId() == null || given.modelId().isBlank()) {
            e.add("modelId", "is required: the id of a model from a succeeded training job");
            return e.list();
        }
        List<SamplerSettings> samplers = given.samplers();
        if (samplers != null) {
            // an effective spec (as dispatched) carries the sweep expanded: that is not "both"
            e.check(!Boolean.TRUE.equals(given.sweep()) || samplers.isEmpty()
                            || samplers.equals(given.withDefaults(timesteps, numClasses).samplers()), "samplers",
                    "give either samplers or sweep, not both");
            e.check(samplers.size() <= SpecLimits.MAX_EVALUATION_SAMPLERS, "samplers",
                    "at most " + SpecLimits.MAX_EVALUATION_SAMPLERS + " samplers (was " + samplers.size() + ")");
            for (int i = 0; i < samplers.size(); i++) {
                e.check(samplers.get(i) != null, "samplers[" + i + "]", "must be an object, not null");
            }
        }
        if (!e.list().isEmpty()) {
            return e.list();
        }
        EvaluationSpec s = given.withDefaults(timesteps, numClasses);
        e.range(s.imagesPerClass(), 1, SpecLimits.MAX_EVALUATION_IMAGES_PER_CLASS, "imagesPerClass");
        e.range(s.referenceImages(), 100, SpecLimits.MAX_EVALUATION_REFERENCE_IMAGES, "referenceImages");
        e.check(s.seed() >= 0, "seed", "must not be negative (was " + s.seed() + ")");
        for (int i = 0; i < s.samplers().size(); i++) {
            validateSampler(s.samplers().get(i), "samplers[" + i + "].", timesteps, numClasses, e);
        }
        return e.list();
    }

    /**
     * Problems of an import spec, as given: {@code weights} must be an {@code s3://bucket/key} of a file (whether it
     * lies in the caller's area and exists is the api's check), {@code dataset} a built-in name or location when
     * given, and the network and schedule follow the rules of a training spec.
     */
    public static List<FieldError> validate(ImportSpec given) {
        FieldErrors e = new FieldErrors();
        String weights = given.weights() == null ? null : given.weights().trim();
        if (weights == null || weights.isEmpty()) {
            e.add("weights", "is required: the s3://bucket/key of a .safetensors or .npz file (POST /api/v1/uploads)");
        } else if (!Datasets.isObjectStoreLocation(weights)) {
            e.add("weights", "'" + weights + "' is not an s3://bucket/key location");
        } else {
            Datasets.locationProblem(weights).map(why -> why.replaceFirst("^prefix", "key"))
                    .ifPresent(why -> e.add("weights", why));
            e.check(!weights.endsWith("/"), "weights", "must name a file, not a folder (ends with '/')");
        }
        if (given.name() != null) {
            e.check(!given.name().isBlank() && given.name().length() <= ImportSpec.MAX_NAME_LENGTH
                            && given.name().chars().noneMatch(Character::isISOControl), "name",
                    "must be 1 to " + ImportSpec.MAX_NAME_LENGTH + " characters without control characters");
        }
        String dataset = given.dataset() == null ? null : given.dataset().trim();
        if (dataset != null) {
            if (Datasets.isObjectStoreLocation(dataset)) {
                Datasets.locationProblem(dataset).ifPresent(why -> e.add("dataset", why));
            } else {
                e.check(Datasets.isBuiltIn(dataset), "dataset", "'" + dataset + "' is not one of " + Datasets.BUILT_IN
                        + " nor an s3://bucket/prefix location");
            }
        }
        if (weights == null || weights.isEmpty()) {
            return e.list();
        }
        // the network and schedule as a training spec checks them; its data-set rules are the ones above
        for (FieldError error : validate(given.trainingSpec())) {
            if (!error.field().equals("dataset")) {
                e.add(error.field(), error.message());
            }
        }
        return e.list();
    }

    /** Throws {@link SpecValidationException} when the import spec has problems. */
    public static ImportSpec requireValid(ImportSpec given) {
        throwIfAny(validate(given));
        return given;
    }

    private static void validateSampler(SamplerSettings s, String prefix, int timesteps, int numClasses, FieldErrors e) {
        if (s.sampler() == SamplerType.DDPM) {
            e.check(s.steps() == timesteps, prefix + "steps", "DDPM samples every one of the model's " + timesteps
                    + " timesteps (was " + s.steps() + "); use ddim for fewer steps");
        } else {
            e.range(s.steps(), 1, timesteps, prefix + "steps");
        }
        e.range(s.eta(), 0.0, 1.0, prefix + "eta");
        e.range(s.guidanceScale(), 0.0, SpecLimits.MAX_GUIDANCE_SCALE, prefix + "guidanceScale");
        e.check(numClasses > 0 || s.guidanceScale() == 1.0, prefix + "guidanceScale",
                "the model is unconditional (trained without classes); leave guidanceScale at 1");
    }

    /** Throws {@link SpecValidationException} when {@link #validate(TrainingSpec)} finds problems. */
    public static TrainingSpec requireValid(TrainingSpec given) {
        throwIfAny(validate(given));
        return given;
    }

    /** Throws {@link SpecValidationException} when the evaluation spec has problems. */
    public static EvaluationSpec requireValid(EvaluationSpec given, int timesteps, int numClasses) {
        throwIfAny(validate(given, timesteps, numClasses));
        return given;
    }

    /** Throws {@link SpecValidationException} when the generation spec has problems. */
    public static GenerationSpec requireValid(GenerationSpec given, int timesteps, int numClasses) {
        throwIfAny(validate(given, timesteps, numClasses));
        return given;
    }

    private static void throwIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
    }

    private static void validateModel(ModelSpec m, int imageSize, FieldErrors e) {
        e.range(m.baseChannels(), 8, SpecLimits.MAX_BASE_CHANNELS, "model.baseChannels");
        e.check(m.baseChannels() % 8 == 0, "model.baseChannels",
                "must be a multiple of 8 for group normalisation (was " + m.baseChannels() + ")");
        List<Integer> mult = m.channelMultipliers();
        e.check(!mult.isEmpty() && mult.size() <= SpecLimits.MAX_LEVELS, "model.channelMultipliers",
                "must have 1 to " + SpecLimits.MAX_LEVELS + " entries (was " + mult.size() + ")");
        for (int i = 0; i < mult.size(); i++) {
            e.range(mult.get(i), 1, SpecLimits.MAX_CHANNEL_MULTIPLIER, "model.channelMultipliers[" + i + "]");
        }
        e.range(m.blocksPerLevel(), 1, SpecLimits.MAX_BLOCKS_PER_LEVEL, "model.blocksPerLevel");
        e.rangeExclusiveMax(m.dropout(), 0.0, 1.0, "model.dropout");
        e.range(m.numClasses(), 0, SpecLimits.MAX_CLASSES, "model.numClasses");
        e.check(m.norm() == NormType.GROUP || m.architecture() == Architecture.CONTEXT_UNET, "model.norm",
                m.norm().wireName() + " is available for context-unet only; " + m.architecture().wireName()
                        + " uses group");
        if (m.architecture() != Architecture.CONTEXT_UNET && !mult.isEmpty()) {
            int factor = 1 << (mult.size() - 1);
            e.check(imageSize % factor == 0, "imageSize", "must be divisible by " + factor + " for "
                    + mult.size() + " levels of " + m.architecture().wireName() + " (was " + imageSize + ")");
            for (int i = 0; i < m.attentionResolutions().size(); i++) {
                int r = m.attentionResolutions().get(i);
                boolean occurs = false;
                for (int level = 0; level < mult.size(); level++) {
                    occurs |= imageSize >> level == r && imageSize % (1 << level) == 0;
                }
                e.check(occurs, "model.attentionResolutions[" + i + "]",
                        r + " is not a feature-map size of this network (sizes are imageSize / 2^level)");
            }
        }
    }

    private static void validateSchedule(ScheduleSpec s, FieldErrors e) {
        e.range(s.timesteps(), SpecLimits.MIN_TIMESTEPS, SpecLimits.MAX_TIMESTEPS, "schedule.timesteps");
        if (s.type() != ScheduleType.COSINE) {
            e.check(s.betaStart() > 0 && s.betaStart() < 1, "schedule.betaStart",
                    "must be in (0, 1) (was " + s.betaStart() + ")");
            e.check(s.betaEnd() > 0 && s.betaEnd() < 1, "schedule.betaEnd",
                    "must be in (0, 1) (was " + s.betaEnd() + ")");
            e.check(s.betaStart() < s.betaEnd(), "schedule.betaEnd",
                    "must be greater than betaStart (" + s.betaStart() + " >= " + s.betaEnd() + ")");
        }
        if (e.list().stream().noneMatch(error -> error.field().startsWith("schedule."))) {
            String underflow = ScheduleBounds.underflow(s);
            e.check(underflow == null, s.type() == ScheduleType.COSINE ? "schedule.timesteps" : "schedule.betaEnd",
                    underflow);
        }
    }

    private static void validateOptimizer(OptimizerSpec o, int steps, FieldErrors e) {
        e.check(o.learningRate() > 0 && o.learningRate() <= 1, "optimizer.learningRate",
                "must be in (0, 1] (was " + o.learningRate() + ")");
        e.rangeExclusiveMax(o.weightDecay(), 0.0, 1.0, "optimizer.weightDecay");
        e.range(o.warmupSteps(), 0, Math.max(0, steps), "optimizer.warmupSteps");
        e.range(o.gradClipNorm(), 0.0, 1e6, "optimizer.gradClipNorm");
        if (o.decayFraction() != null) {
            e.check(o.lrSchedule() == LrSchedule.WARMUP_STABLE_DECAY, "optimizer.decayFraction",
                    "only for lrSchedule warmup-stable-decay (was " + o.lrSchedule().wireName() + ")");
            e.check(o.decayFraction() > 0 && o.decayFraction() <= 1, "optimizer.decayFraction",
                    "must be in (0, 1] (was " + o.decayFraction() + ")");
        }
    }

    private static void validateLabels(GenerationSpec s, int numClasses, FieldErrors e) {
        List<Integer> labels = s.labels();
        if (labels == null) {
            return;
        }
        if (numClasses == 0 && !labels.isEmpty()) {
            e.add("labels", "the model is unconditional (trained without classes); omit labels");
            return;
        }
        e.check(labels.size() == 1 || labels.size() == s.numImages(), "labels",
                "give one label for all images or one per image (" + s.numImages() + "), not " + labels.size());
        for (int i = 0; i < labels.size(); i++) {
            Integer label = labels.get(i);
            e.check(label != null && label >= 0 && label < numClasses, "labels[" + i + "]",
                    "must be a class between 0 and " + (numClasses - 1) + " (was " + label + ")");
        }
    }
}
