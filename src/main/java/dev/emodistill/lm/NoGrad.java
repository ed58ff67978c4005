package dev.emodistill.lm;

import ai.djl.pytorch.jni.JniUtils;

/**
 * Turns the engine's gradient recording off for the current thread until closed, then restores it. PyTorch's
 * grad mode is per thread and on by default for threads other than the one that loaded the engine, so inference
 * and in-place weight updates on a worker thread would otherwise record a graph (slow) or be refused (in-place
 * changes to leaves that require gradients).
 */
public final class NoGrad implements AutoCloseable {
    private final boolean previous;

    private NoGrad() {
        previous = JniUtils.isGradMode();
        if (previous) {
            JniUtils.setGradMode(false);
        }
    }

    /**
     * Use around inference on a thread of your own (e.g. reference log-probabilities with {@link
     * LlamaModel#responseLogProbs} outside a gradient collector): {@code try (NoGrad g = NoGrad.enter()) {...}}.
     */
    public static NoGrad enter() {
        return new NoGrad();
    }

    @Override
    public void close() {
        if (previous) {
            JniUtils.setGradMode(true);
        }
    }
}
