package dev.emodistill.rl.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The parameters of several MLPs stored back to back in one flat tensor. The optimiser, the Polyak average and the
 * gradient then each take one engine call for all networks instead of one per weight and bias: with two dozen
 * tensors per IQL step, the per-call overhead of the engine was a tenth of the step.
 *
 * <p>Layout: network by network in the order given, each as {@link Mlp#initialValues} orders it (weight
 * [in, out] row-major, then bias, layer by layer).
 */
public final class FlatParameters {
    private final List<int[]> layouts;
    private final NDArray flat;
    private final long[] splits;
    private final Shape[] shapes;
    private final int[] firstTensor;

    /**
     * @param values    initial values, {@link #size(List)} of them
     * @param trainable whether the flat tensor records gradients
     */
    public FlatParameters(NDManager manager, List<int[]> layouts, float[] values, boolean trainable) {
        this.layouts = layouts.stream().map(int[]::clone).toList();
        if (values.length != size(layouts)) {
            throw new IllegalArgumentException("expected " + size(layouts) + " values, got " + values.length);
        }
        List<Shape> shapeList = new ArrayList<>();
        this.firstTensor = new int[layouts.size() + 1];
        for (int k = 0; k < layouts.size(); k++) {
            firstTensor[k] = shapeList.size();
            int[] sizes = layouts.get(k);
            for (int l = 0; l + 1 < sizes.length; l++) {
                shapeList.add(new Shape(sizes[l], sizes[l + 1]));
                shapeList.add(new Shape(sizes[l + 1]));
            }
        }
        firstTensor[layouts.size()] = shapeList.size();
        this.shapes = shapeList.toArray(Shape[]::new);
        this.splits = new long[shapes.length - 1];
        long offset = 0;
        for (int i = 0; i + 1 < shapes.length; i++) {
            offset += shapes[i].size();
            splits[i] = offset;
        }
        this.flat = manager.create(values, new Shape(values.length));
        flat.setRequiresGradient(trainable);
    }

    /** Total parameters of networks with these layouts. */
    public static int size(List<int[]> layouts) {
        return layouts.stream().mapToInt(Mlp::parameterCount).sum();
    }

    /** The flat tensor itself (what the optimiser updates). */
    public NDArray flat() {
        return flat;
    }

    /**
     * Per-network parameter lists as slices of the flat tensor, made in {@code manager}: inside a gradient tape
     * they route gradients back to it. Two engine calls per weight matrix plus one in all.
     */
    public List<List<NDArray>> slices(NDManager manager) {
        NDList parts = flat.split(splits);
        parts.attach(manager);
        List<List<NDArray>> out = new ArrayList<>();
        for (int k = 0; k < layouts.size(); k++) {
            List<NDArray> net = new ArrayList<>();
            for (int i = firstTensor[k]; i < firstTensor[k + 1]; i++) {
                NDArray p = parts.get(i);
                net.add(shapes[i].dimension() == 1 ? p : p.reshape(shapes[i]));
            }
            out.add(net);
        }
        return out;
    }

    /** A view of networks {@code from} (inclusive) to {@code to} (exclusive) as one flat range. */
    public NDArray range(int from, int to) {
        long begin = from == 0 ? 0 : splits[firstTensor[from] - 1];
        long end = to == layouts.size() ? flat.size() : splits[firstTensor[to] - 1];
        return flat.get(new NDIndex(begin + ":" + end));
    }

    /** The values of network k, in {@link Mlp#initialValues} order. */
    public float[] values(int k) {
        float[] all = flat.toFloatArray();
        long begin = k == 0 ? 0 : splits[firstTensor[k] - 1];
        return Arrays.copyOfRange(all, (int) begin, (int) begin + Mlp.parameterCount(layouts.get(k)));
    }

    /** Network k as plain-Java weights for inference. */
    public DenseNet dense(int k) {
        return DenseNet.fromValues(layouts.get(k), values(k));
    }
}
