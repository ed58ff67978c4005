package dev.emodistill.rl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Adam over a fixed list of parameters, using DJL's fused native update (one engine call per parameter instead of
 * a dozen array operations, measured 2.5x faster per IQL step). Gradients are cleared after each step because the
 * PyTorch engine accumulates them across backward passes.
 */
public final class Adam {
    private static final AtomicLong IDS = new AtomicLong();
    private final List<NDArray> parameters;
    private final Optimizer optimizer;
    private final String[] ids;

    public Adam(List<NDArray> parameters, float learningRate) {
        this.parameters = List.copyOf(parameters);
        this.optimizer = Optimizer.adam().optLearningRateTracker(Tracker.fixed(learningRate)).build();
        this.ids = new String[parameters.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = "p" + IDS.incrementAndGet();
        }
    }

    /** Applies one update from the current gradients, then zeroes them. */
    public void step() {
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            NDArray g = p.getGradient();
            optimizer.update(ids[i], p, g);
            g.muli(0f);
        }
    }
}
