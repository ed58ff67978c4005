package dev.emodistill.rl.nn;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * Adam (Kingma and Ba, 2015) over a fixed list of parameter tensors, with PyTorch's defaults (beta1 0.9, beta2
 * 0.999, epsilon 1e-8 added to the bias-corrected root of the second moment, no weight decay).
 *
 * <p>The moments live in Java arrays and the update is computed in one Java pass: the engine's Adam made about ten
 * passes over the parameters with temporaries in between, which cost a tenth of an IQL step; copying the gradient
 * out and the step back costs far less. The step is subtracted in place in the engine (never a Java copy of the
 * weights written back), so views of the parameters stay valid and changes made to them elsewhere are kept.
 * Gradients are zeroed after use because the engine accumulates them across backward passes.
 */
public final class Adam {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final List<NDArray> parameters;
    private final float learningRate;
    private final float[][] firstMoment;
    private final float[][] secondMoment;
    private int steps;

    public Adam(List<NDArray> parameters, float learningRate) {
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        this.firstMoment = new float[parameters.size()][];
        this.secondMoment = new float[parameters.size()][];
        for (int i = 0; i < parameters.size(); i++) {
            int n = (int) parameters.get(i).size();
            firstMoment[i] = new float[n];
            secondMoment[i] = new float[n];
        }
    }

    /** Applies one update from the current gradients, then zeroes them. */
    public void step() {
        steps++;
        double correction1 = 1 - Math.pow(BETA1, steps);
        double correction2 = 1 - Math.pow(BETA2, steps);
        float stepSize = (float) (learningRate / correction1);
        float rootCorrection2 = (float) Math.sqrt(correction2);
        for (int i = 0; i < parameters.size(); i++) {
            NDArray p = parameters.get(i);
            // The engine hands out a new handle to the same gradient storage on every call, owned by the
            // parameter's long-lived manager: close it, or every step leaks one handle per parameter.
            try (NDArray g = p.getGradient()) {
                float[] delta = g.toFloatArray();
                update(delta, firstMoment[i], secondMoment[i], stepSize, rootCorrection2);
                try (NDArray d = p.getManager().create(delta, p.getShape())) {
                    p.subi(d);
                }
                g.muli(0f);
            }
        }
    }

    /** Updates the moments from the gradient and overwrites it with the step to subtract. */
    private static void update(float[] g, float[] m, float[] v, float stepSize, float rootCorrection2) {
        for (int j = 0; j < g.length; j++) {
            float gj = g[j];
            float mj = BETA1 * m[j] + (1 - BETA1) * gj;
            float vj = BETA2 * v[j] + (1 - BETA2) * gj * gj;
            m[j] = mj;
            v[j] = vj;
            g[j] = stepSize * mj / ((float) Math.sqrt(vj) / rootCorrection2 + EPSILON);
        }
    }
}
