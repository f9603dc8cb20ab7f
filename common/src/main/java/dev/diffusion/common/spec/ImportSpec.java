package dev.diffusion.common.spec;

/**
 * An import job: a PyTorch state dict trained elsewhere, the network it belongs to and the noise schedule it was
 * trained with. The worker loads the file into that network; when every tensor fits, the model is registered like
 * a trained one. Only {@code weights} is required; the network fields take the defaults of a training spec.
 *
 * @param weights    {@code s3://bucket/key} of the file, inside the caller's tenant area (see
 *                   {@link dev.diffusion.common.storage.ObjectKeys#tenantArea})
 * @param format     {@code safetensors} or {@code npz}; absent: detected from the file's first bytes
 * @param name       a name for the model (at most {@value #MAX_NAME_LENGTH} characters), or absent
 * @param dataset    what the weights were trained on, a built-in name or {@code s3://bucket/prefix}: recorded with
 *                   the model (evaluation jobs use its evaluator) and the source of the image-size and channel
 *                   defaults; absent: the weights location is recorded
 * @param imageSize  square image side the network was built for (default as in a training spec of {@code dataset})
 * @param channels   1 or 3 (default as in a training spec of {@code dataset})
 * @param model      architecture and sizes, as in a training spec
 * @param schedule   the noise schedule the weights were trained with, as in a training spec
 */
public record ImportSpec(
        String weights,
        WeightsFormat format,
        String name,
        String dataset,
        Integer imageSize,
        Integer channels,
        ModelSpec model,
        ScheduleSpec schedule) {

    /** Longest model name. */
    public static final int MAX_NAME_LENGTH = 200;

    /** A spec with only the weights given. */
    public static ImportSpec of(String weights) {
        return new ImportSpec(weights, null, null, null, null, null, null, null);
    }

    /**
     * The effective spec: image size, channels, model and schedule filled as a training spec of {@code dataset} fills
     * them; {@code format} stays absent when not given (the worker detects it).
     */
    public ImportSpec withDefaults() {
        TrainingSpec network = trainingSpec();
        return new ImportSpec(weights == null ? null : weights.trim(), format, name, dataset == null ? null : dataset.trim(),
                network.imageSize(), network.channels(), network.model(), network.schedule());
    }

    /**
     * The effective training spec an imported model is registered with (and that its model file keeps): the network
     * and schedule of this spec, {@code dataset} (or the weights location), seed 0; the optimisation fields hold
     * their defaults and mean nothing for an import.
     */
    public TrainingSpec trainingSpec() {
        String recorded = dataset != null && !dataset.isBlank() ? dataset.trim() : weights == null ? null : weights.trim();
        return new TrainingSpec(recorded, imageSize, channels, model, schedule, null, null, null, null, null, null,
                null, 0L, null, null, null).withDefaults();
    }
}
