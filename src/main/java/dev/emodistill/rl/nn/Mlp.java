package dev.emodistill.rl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import dev.emodistill.io.Safetensors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A multilayer perceptron on DJL arrays for training: ReLU hidden layers, a linear output. Weights use He-uniform
 * initialisation from a seeded Java generator (so initial weights do not depend on the engine's generator) and the
 * output layer starts near zero, which keeps early Q values and logits small. Parameters live in the manager
 * given at construction and require gradients.
 */
public final class Mlp {
    private final int[] sizes;
    private final List<NDArray> parameters = new ArrayList<>();

    /** @param sizes input, hidden..., output sizes, e.g. {75, 256, 256, 28} */
    public Mlp(NDManager manager, int[] sizes, SplittableRandom rng) {
        this.sizes = sizes.clone();
        for (int l = 0; l + 1 < sizes.length; l++) {
            boolean last = l + 2 == sizes.length;
            float bound = (float) Math.sqrt(6.0 / sizes[l]) * (last ? 0.01f : 1f);
            float[] w = new float[sizes[l] * sizes[l + 1]];
            for (int i = 0; i < w.length; i++) {
                w[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            NDArray weight = manager.create(w, new Shape(sizes[l], sizes[l + 1]));
            NDArray bias = manager.zeros(new Shape(sizes[l + 1]));
            weight.setRequiresGradient(true);
            bias.setRequiresGradient(true);
            parameters.add(weight);
            parameters.add(bias);
        }
    }

    public NDArray forward(NDArray x) {
        int layers = parameters.size() / 2;
        for (int l = 0; l < layers; l++) {
            x = x.matMul(parameters.get(2 * l)).add(parameters.get(2 * l + 1));
            if (l + 1 < layers) {
                x = Activation.relu(x);
            }
        }
        return x;
    }

    public List<NDArray> parameters() {
        return parameters;
    }

    public int[] sizes() {
        return sizes.clone();
    }

    /** Copies another network's weights into this one (same sizes). */
    public void copyFrom(Mlp other) {
        for (int i = 0; i < parameters.size(); i++) {
            parameters.get(i).set(other.parameters.get(i).toFloatArray());
        }
    }

    /** Polyak averaging: this &lt;- (1 - tau) * this + tau * source. */
    public void softUpdate(Mlp source, float tau) {
        for (int i = 0; i < parameters.size(); i++) {
            try (NDArray scaled = source.parameters.get(i).mul(tau)) {
                parameters.get(i).muli(1 - tau).addi(scaled);
            }
        }
    }

    /** The weights as named tensors, {@code <prefix>.<layer>.weight|bias}, in [in, out] layout. */
    public Map<String, Safetensors.Tensor> tensors(String prefix) {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        for (int l = 0; l < parameters.size() / 2; l++) {
            out.put(prefix + "." + l + ".weight", new Safetensors.Tensor(new long[]{sizes[l], sizes[l + 1]},
                    parameters.get(2 * l).toFloatArray()));
            out.put(prefix + "." + l + ".bias", new Safetensors.Tensor(new long[]{sizes[l + 1]},
                    parameters.get(2 * l + 1).toFloatArray()));
        }
        return out;
    }

    /** A plain-Java copy for fast single-state inference. */
    public DenseNet toDense() {
        int layers = parameters.size() / 2;
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        for (int l = 0; l < layers; l++) {
            w[l] = parameters.get(2 * l).toFloatArray();
            b[l] = parameters.get(2 * l + 1).toFloatArray();
        }
        return new DenseNet(sizes, w, b);
    }
}
