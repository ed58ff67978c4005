package dev.emodistill.rl.nn;

import dev.emodistill.io.Safetensors;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trained MLP in plain Java arrays, for acting: one decision is a few hundred thousand multiply-adds, which
 * Java does in tens of microseconds without crossing into the native engine, and evaluation plays tens of
 * thousands of decisions. Weights are row-major [in][out] per layer; ReLU between layers, linear output.
 *
 * @param sizes   layer sizes, input first
 * @param weights per layer, in*out values
 * @param biases  per layer, out values
 */
public record DenseNet(int[] sizes, float[][] weights, float[][] biases) {

    public DenseNet {
        for (int l = 0; l + 1 < sizes.length; l++) {
            if (weights[l].length != sizes[l] * sizes[l + 1] || biases[l].length != sizes[l + 1]) {
                throw new IllegalArgumentException("layer " + l + " does not match sizes " + sizes[l] + "x" + sizes[l + 1]);
            }
        }
    }

    public int inputSize() {
        return sizes[0];
    }

    public int outputSize() {
        return sizes[sizes.length - 1];
    }

    public double[] forward(float[] input) {
        if (input.length != sizes[0]) {
            throw new IllegalArgumentException("network expects " + sizes[0] + " inputs, got " + input.length);
        }
        float[] x = input;
        for (int l = 0; l < weights.length; l++) {
            int in = sizes[l];
            int out = sizes[l + 1];
            float[] y = biases[l].clone();
            float[] w = weights[l];
            for (int i = 0; i < in; i++) {
                float xi = x[i];
                if (xi == 0) {
                    continue;
                }
                int row = i * out;
                for (int j = 0; j < out; j++) {
                    y[j] += xi * w[row + j];
                }
            }
            if (l + 1 < weights.length) {
                for (int j = 0; j < out; j++) {
                    if (y[j] < 0) {
                        y[j] = 0;
                    }
                }
            }
            x = y;
        }
        double[] result = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            result[j] = x[j];
        }
        return result;
    }

    /** A network from its parameters in {@link Mlp#initialValues} order. */
    public static DenseNet fromValues(int[] sizes, float[] values) {
        int layers = sizes.length - 1;
        float[][] w = new float[layers][];
        float[][] b = new float[layers][];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            w[l] = java.util.Arrays.copyOfRange(values, offset, offset += sizes[l] * sizes[l + 1]);
            b[l] = java.util.Arrays.copyOfRange(values, offset, offset += sizes[l + 1]);
        }
        if (offset != values.length) {
            throw new IllegalArgumentException("expected " + offset + " values, got " + values.length);
        }
        return new DenseNet(sizes.clone(), w, b);
    }

    /** Named tensors as {@link Mlp#tensors} writes them. */
    public Map<String, Safetensors.Tensor> tensors(String prefix) {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        for (int l = 0; l < weights.length; l++) {
            out.put(prefix + "." + l + ".weight", new Safetensors.Tensor(new long[]{sizes[l], sizes[l + 1]}, weights[l]));
            out.put(prefix + "." + l + ".bias", new Safetensors.Tensor(new long[]{sizes[l + 1]}, biases[l]));
        }
        return out;
    }

    /** Reads the tensors {@code <prefix>.<layer>.weight|bias} back; throws if any is missing or misshapen. */
    public static DenseNet fromTensors(Map<String, Safetensors.Tensor> tensors, String prefix) {
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int l = 0; tensors.containsKey(prefix + "." + l + ".weight"); l++) {
            Safetensors.Tensor tw = tensors.get(prefix + "." + l + ".weight");
            Safetensors.Tensor tb = tensors.get(prefix + "." + l + ".bias");
            if (tw.shape().length != 2 || tb == null) {
                throw new IllegalArgumentException("tensor " + prefix + "." + l + " is not a dense layer");
            }
            if (l == 0) {
                sizes.add((int) tw.shape()[0]);
            } else if (sizes.get(sizes.size() - 1) != tw.shape()[0]) {
                throw new IllegalArgumentException("layer " + prefix + "." + l + " input does not match the previous output");
            }
            sizes.add((int) tw.shape()[1]);
            w.add(tw.data());
            b.add(tb.data());
        }
        if (w.isEmpty()) {
            throw new IllegalArgumentException("no tensors named " + prefix + ".0.weight");
        }
        return new DenseNet(sizes.stream().mapToInt(Integer::intValue).toArray(), w.toArray(float[][]::new),
                b.toArray(float[][]::new));
    }
}
