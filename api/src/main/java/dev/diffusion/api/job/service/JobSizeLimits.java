package dev.diffusion.api.job.service;

import dev.diffusion.api.problem.ValidationFailedException;
import dev.diffusion.api.tenant.auth.Limits;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.FieldError;
import java.util.List;

/**
 * A tenant's per-job maximums: the training work (steps × batch size) of a training job and the images a generation
 * or evaluation job draws. Over them the spec is invalid for this tenant: a 422 naming the field to lower.
 */
final class JobSizeLimits {

    private JobSizeLimits() {
    }

    /**
     * @param work   steps × batch size of a training job (0 for the other types)
     * @param images images a generation or evaluation job draws (0 for training)
     * @throws ValidationFailedException (422) when the job is bigger than the tenant may submit
     */
    static void check(Limits limits, JobType type, long work, long images) {
        if (type == JobType.TRAINING && limits.maxTrainingWork() > 0 && work > limits.maxTrainingWork()) {
            throw invalid("steps", "steps × batchSize is " + work + ", above this tenant's maximum of "
                    + limits.maxTrainingWork() + "; lower steps or batchSize");
        }
        if (type != JobType.TRAINING && limits.maxImagesPerJob() > 0 && images > limits.maxImagesPerJob()) {
            String field = type == JobType.GENERATION ? "numImages" : "imagesPerClass";
            throw invalid(field, "the job draws " + images + " images, above this tenant's maximum of "
                    + limits.maxImagesPerJob() + " per job");
        }
    }

    private static ValidationFailedException invalid(String field, String message) {
        return new ValidationFailedException(List.of(new FieldError(field, message)));
    }
}
