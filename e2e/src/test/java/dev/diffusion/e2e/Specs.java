package dev.diffusion.e2e;

/** Job bodies as a user would POST them: tiny models on 16×16 shapes, so jobs take seconds on two cores. */
final class Specs {

    private Specs() {
    }

    /** A ContextUnet with 8 features, 4 classes, 50 noise steps, batch 8. */
    static String shapesTraining(int steps, int checkpointEvery, int previewEvery) {
        return """
                {"dataset":"shapes","model":{"architecture":"context-unet","baseChannels":8,"numClasses":4},
                 "schedule":{"timesteps":50},"batchSize":8,"steps":%d,"checkpointEvery":%d,"previewEvery":%d,"seed":11}"""
                .formatted(steps, checkpointEvery, previewEvery);
    }

    /** A ContextUnet with 8 features trained without classes (unconditional), {@code timesteps} noise steps, batch 8. */
    static String unconditionalShapesTraining(int steps, int timesteps) {
        return """
                {"dataset":"shapes","model":{"architecture":"context-unet","baseChannels":8,"numClasses":0},
                 "schedule":{"timesteps":%d},"batchSize":8,"steps":%d,"checkpointEvery":%d,"previewEvery":0,"seed":12}"""
                .formatted(timesteps, steps, steps);
    }

    /** Runs until cancelled. */
    static String endlessTraining() {
        return shapesTraining(100_000, 5, 0);
    }
}
