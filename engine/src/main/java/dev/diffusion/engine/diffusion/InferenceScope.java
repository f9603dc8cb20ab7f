package dev.diffusion.engine.diffusion;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns gradient recording off on the current thread until closed, then restores it, so sampling
 * inside an open {@code GradientCollector} (e.g. preview images during training) builds no
 * autograd graph. On the PyTorch engine this is {@code torch.no_grad()}; other engines record only
 * inside a collector's scope and need nothing.
 */
public final class InferenceScope implements AutoCloseable {

    private final boolean restoreGradMode;

    private InferenceScope(boolean restoreGradMode) {
        this.restoreGradMode = restoreGradMode;
    }

    public static InferenceScope open(Engine engine) {
        if (!"PyTorch".equals(engine.getEngineName())) {
            return new InferenceScope(false);
        }
        boolean wasRecording = JniUtils.isGradMode();
        if (wasRecording) {
            JniUtils.setGradMode(false);
        }
        return new InferenceScope(wasRecording);
    }

    @Override
    public void close() {
        if (restoreGradMode) {
            JniUtils.setGradMode(true);
        }
    }
}
