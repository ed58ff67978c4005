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
        float[] values = initialValues(sizes, rng);
        int offset = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            for (Shape shape : List.of(new Shape(sizes[l], sizes[l + 1]), new Shape(sizes[l + 1]))) {
                int size = (int) shape.size();
                NDArray p = manager.create(java.util.Arrays.copyOfRange(values, offset, offset + size), shape);
                p.setRequiresGradient(true);
                parameters.add(p);
                offset += size;
            }
        }
    }

    /** Number of weights and biases of a network with these layer sizes. */
    public static int parameterCount(int[] sizes) {
        int n = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            n += sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return n;
    }

    /**
     * Seeded initial values in parameter order (weight [in, out] row-major, then bias, layer by layer): weights
     * He-uniform, the output layer's scaled by 0.01, biases zero.
     */
    public static float[] initialValues(int[] sizes, SplittableRandom rng) {
        float[] values = new float[parameterCount(sizes)];
        int offset = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            boolean last = l + 2 == sizes.length;
            float bound = (float) Math.sqrt(6.0 / sizes[l]) * (last ? 0.01f : 1f);
            int weights = sizes[l] * sizes[l + 1];
            for (int i = 0; i < weights; i++) {
                values[offset + i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
            }
            offset += weights + sizes[l + 1];
        }
        return values;
    }

    public NDArray forward(NDArray x) {
        return forward(x, parameters);
    }

    /** The forward pass with given parameters (weight, bias per layer), e.g. views into a flat tensor. */
    public static NDArray forward(NDArray x, List<NDArray> parameters) {
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
        // (this - source) * (1 - tau) + source, all in place: three engine calls and no temporary per tensor.
        for (int i = 0; i < parameters.size(); i++) {
            NDArray s = source.parameters.get(i);
            parameters.get(i).subi(s).muli(1 - tau).addi(s);
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

    /**
     * Sets the weights from named tensors as {@link #tensors} writes them (e.g. read back from a safetensors file).
     *
     * @throws IllegalArgumentException if a tensor is missing or has another shape
     */
    public void load(Map<String, Safetensors.Tensor> tensors, String prefix) {
        for (int l = 0; l < parameters.size() / 2; l++) {
            for (int k = 0; k < 2; k++) {
                String name = prefix + "." + l + (k == 0 ? ".weight" : ".bias");
                Safetensors.Tensor t = tensors.get(name);
                NDArray p = parameters.get(2 * l + k);
                if (t == null || !java.util.Arrays.equals(t.shape(), p.getShape().getShape())) {
                    throw new IllegalArgumentException("tensor " + name + (t == null ? " is missing" : " has shape "
                            + java.util.Arrays.toString(t.shape()) + ", expected " + p.getShape()));
                }
                p.set(t.data());
            }
        }
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
