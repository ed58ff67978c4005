package dev.emodistill.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter, 2019) with PyTorch's defaults and update order: weights shrink by
 * lr * weight decay (decoupled from the gradient), then take the bias-corrected Adam step. Weight decay applies to
 * matrices only (embeddings, linear weights, LoRA A and B), not to norm weights or biases, as is usual for
 * transformers. Before the update, gradients are clipped to a global L2 norm.
 *
 * <p>The moments live in Java arrays and the update is one Java pass per tensor (as {@code rl.nn.Adam} does):
 * cheaper than a dozen engine calls per tensor. The step is subtracted in place, so views of the parameters and
 * the model's references stay valid. Gradients are zeroed after each step (the engine accumulates them). A step
 * whose gradient norm is not finite changes nothing, clears the gradients and is counted in {@link #skippedSteps()}.
 */
public final class AdamW {

    /**
     * @param beta1       first-moment decay
     * @param beta2       second-moment decay
     * @param epsilon     added to the root of the second moment
     * @param weightDecay decoupled decay per unit learning rate
     */
    public record Options(double beta1, double beta2, double epsilon, double weightDecay) {
        public Options {
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0 && weightDecay >= 0)) {
                throw new IllegalArgumentException("AdamW needs 0 <= beta < 1, epsilon > 0, weight decay >= 0");
            }
        }

        /** PyTorch's AdamW defaults: 0.9, 0.999, 1e-8, weight decay 0.01. */
        public static Options defaults() {
            return new Options(0.9, 0.999, 1e-8, 0.01);
        }

        public Options withWeightDecay(double decay) {
            return new Options(beta1, beta2, epsilon, decay);
        }
    }

    private final List<String> names;
    private final List<NDArray> parameters;
    private final boolean[] decayed;
    private final Options options;
    private final float[][] m;
    private final float[][] v;
    private int steps;
    private int skipped;

    /** Optimizes the given parameters (e.g. {@link LlamaModel#trainableParameters()}); all must be float32. */
    public AdamW(Map<String, NDArray> parameters, Options options) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException("nothing to optimize: no trainable parameters");
        }
        this.names = new ArrayList<>(parameters.keySet());
        this.parameters = new ArrayList<>(parameters.values());
        this.options = options;
        this.decayed = new boolean[this.parameters.size()];
        this.m = new float[this.parameters.size()][];
        this.v = new float[this.parameters.size()][];
        for (int i = 0; i < this.parameters.size(); i++) {
            NDArray p = this.parameters.get(i);
            if (p.getDataType() != DataType.FLOAT32) {
                throw new IllegalArgumentException("AdamW updates float32 parameters; '" + names.get(i) + "' is "
                        + p.getDataType());
            }
            if (!p.hasGradient()) {
                throw new IllegalArgumentException("parameter '" + names.get(i) + "' does not record gradients");
            }
            decayed[i] = p.getShape().dimension() >= 2;
            m[i] = new float[Math.toIntExact(p.size())];
            v[i] = new float[m[i].length];
        }
    }

    /** Updates taken so far (skipped ones excluded). */
    public int steps() {
        return steps;
    }

    /** Steps refused because the gradient norm was not finite. */
    public int skippedSteps() {
        return skipped;
    }

    public Options options() {
        return options;
    }

    /**
     * One update from the accumulated gradients, which are then zeroed.
     *
     * @param learningRate  this step's rate (e.g. from a {@link CosineSchedule})
     * @param maxGradNorm   clip the global gradient norm to this (0 or less: no clipping)
     * @return the global gradient norm before clipping
     */
    @SuppressWarnings("try")
    public double step(double learningRate, double maxGradNorm) {
        float[][] grads = new float[parameters.size()][];
        double squares = 0;
        try (NoGrad ignored = NoGrad.enter()) {
            for (int i = 0; i < parameters.size(); i++) {
                try (NDArray g = parameters.get(i).getGradient()) {
                    grads[i] = g.toFloatArray();
                    g.muli(0f);
                }
                for (float x : grads[i]) {
                    squares += (double) x * x;
                }
            }
            double norm = Math.sqrt(squares);
            if (!Double.isFinite(norm)) {
                // muli(0) leaves NaN and infinities where they were (NaN x 0 is NaN), and the engine accumulates
                // into them: every later step would be skipped and training would freeze without a word.
                for (NDArray p : parameters) {
                    try (NDArray g = p.getGradient()) {
                        g.set(new NDIndex(":"), 0f);
                    }
                }
                skipped++;
                return norm;
            }
            float clip = maxGradNorm > 0 && norm > maxGradNorm ? (float) (maxGradNorm / (norm + 1e-6)) : 1f;
            steps++;
            float b1 = (float) options.beta1();
            float b2 = (float) options.beta2();
            float stepSize = (float) (learningRate / (1 - Math.pow(options.beta1(), steps)));
            float root2 = (float) Math.sqrt(1 - Math.pow(options.beta2(), steps));
            float eps = (float) options.epsilon();
            float shrink = (float) (1 - learningRate * options.weightDecay());
            for (int i = 0; i < parameters.size(); i++) {
                float[] g = grads[i];
                float[] mi = m[i];
                float[] vi = v[i];
                for (int j = 0; j < g.length; j++) {
                    float gj = g[j] * clip;
                    float mj = b1 * mi[j] + (1 - b1) * gj;
                    float vj = b2 * vi[j] + (1 - b2) * gj * gj;
                    mi[j] = mj;
                    vi[j] = vj;
                    g[j] = stepSize * mj / ((float) Math.sqrt(vj) / root2 + eps);
                }
                NDArray p = parameters.get(i);
                if (decayed[i] && shrink != 1f) {
                    p.muli(shrink);
                }
                try (NDArray delta = p.getManager().create(g, p.getShape())) {
                    p.subi(delta);
                }
            }
            return norm;
        }
    }
}
