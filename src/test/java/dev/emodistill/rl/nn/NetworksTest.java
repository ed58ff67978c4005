package dev.emodistill.rl.nn;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.emodistill.io.Safetensors;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class NetworksTest {
    private static final int[] SIZES = {5, 7, 6, 3};

    private static float[] input(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (rng.nextDouble() * 4 - 2);
        }
        return x;
    }

    @Test
    void engineAndPlainJavaForwardPassesAgree() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Mlp mlp = new Mlp(m, SIZES, new SplittableRandom(1));
            // The output layer starts near zero by design; perturb it so the comparison has something to compare.
            mlp.parameters().get(4).addi(0.5f);
            DenseNet dense = mlp.toDense();
            SplittableRandom rng = new SplittableRandom(2);
            float[] batch = input(rng, 4 * SIZES[0]);
            float[] out = mlp.forward(m.create(batch, new Shape(4, SIZES[0]))).toFloatArray();
            for (int row = 0; row < 4; row++) {
                float[] x = java.util.Arrays.copyOfRange(batch, row * SIZES[0], (row + 1) * SIZES[0]);
                double[] y = dense.forward(x);
                for (int j = 0; j < SIZES[3]; j++) {
                    assertEquals(out[row * SIZES[3] + j], y[j], 1e-5);
                }
            }
        }
    }

    @Test
    void initialisationIsSeededAndTensorsRoundTripByName() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Mlp a = new Mlp(m, SIZES, new SplittableRandom(5));
            Mlp b = new Mlp(m, SIZES, new SplittableRandom(5));
            Mlp c = new Mlp(m, SIZES, new SplittableRandom(6));
            assertArrayEquals(a.parameters().get(0).toFloatArray(), b.parameters().get(0).toFloatArray());
            assertNotEquals(a.parameters().get(0).toFloatArray()[0], c.parameters().get(0).toFloatArray()[0]);
            Map<String, Safetensors.Tensor> tensors = a.tensors("net");
            c.load(tensors, "net");
            for (int i = 0; i < a.parameters().size(); i++) {
                assertArrayEquals(a.parameters().get(i).toFloatArray(), c.parameters().get(i).toFloatArray());
            }
            DenseNet back = DenseNet.fromTensors(tensors, "net");
            assertArrayEquals(SIZES, back.sizes());
            assertThrows(IllegalArgumentException.class, () -> c.load(tensors, "other"));
        }
    }

    @Test
    void softUpdateIsPolyakAveraging() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            Mlp target = new Mlp(m, SIZES, new SplittableRandom(1));
            Mlp online = new Mlp(m, SIZES, new SplittableRandom(2));
            float[] t0 = target.parameters().get(2).toFloatArray();
            float[] q = online.parameters().get(2).toFloatArray();
            target.softUpdate(online, 0.25f);
            float[] t1 = target.parameters().get(2).toFloatArray();
            for (int i = 0; i < t0.length; i++) {
                assertEquals(0.75f * t0[i] + 0.25f * q[i], t1[i], 1e-6);
            }
            target.copyFrom(online);
            assertArrayEquals(q, target.parameters().get(2).toFloatArray());
        }
    }

    @Test
    void adamMatchesTheTextbookUpdate() {
        // Minimise (p - 3)^2 from p = 0: the first Adam step is -lr * sign(gradient), whatever its size.
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray p = m.create(new float[]{0f, 10f}, new Shape(2));
            p.setRequiresGradient(true);
            Adam adam = new Adam(List.of(p), 0.1f);
            double[] m1 = new double[2];
            double[] v1 = new double[2];
            double[] expected = {0, 10};
            for (int step = 1; step <= 3; step++) {
                try (NDManager sm = m.newSubManager(); GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray loss = p.sub(3f).square().sum();
                    gc.backward(loss);
                }
                for (int i = 0; i < 2; i++) {
                    double g = 2 * (expected[i] - 3);
                    m1[i] = 0.9 * m1[i] + 0.1 * g;
                    v1[i] = 0.999 * v1[i] + 0.001 * g * g;
                    double mHat = m1[i] / (1 - Math.pow(0.9, step));
                    double vHat = v1[i] / (1 - Math.pow(0.999, step));
                    expected[i] -= 0.1 * mHat / (Math.sqrt(vHat) + 1e-8);
                }
                adam.step();
                float[] got = p.toFloatArray();
                assertEquals(expected[0], got[0], 1e-5, "step " + step);
                assertEquals(expected[1], got[1], 1e-5, "step " + step);
                try (NDArray g = p.getGradient()) {
                    for (float x : g.toFloatArray()) {
                        assertEquals(0.0, x, 0.0, "gradients are cleared");
                    }
                }
            }
        }
    }

    @Test
    void flatParametersSliceIntoTheSameNetworks() {
        List<int[]> layouts = List.of(SIZES, new int[]{5, 4, 1});
        SplittableRandom rng = new SplittableRandom(3);
        float[] first = Mlp.initialValues(layouts.get(0), rng.split());
        float[] second = Mlp.initialValues(layouts.get(1), rng.split());
        float[] values = new float[FlatParameters.size(layouts)];
        System.arraycopy(first, 0, values, 0, first.length);
        System.arraycopy(second, 0, values, first.length, second.length);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            FlatParameters flat = new FlatParameters(m, layouts, values, true);
            assertArrayEquals(second, flat.values(1));
            assertEquals(first.length, flat.range(0, 1).size());
            float[] x = input(new SplittableRandom(4), 5);
            List<List<NDArray>> nets = flat.slices(m);
            float[] out = Mlp.forward(m.create(x, new Shape(1, 5)), nets.get(1)).toFloatArray();
            assertEquals(flat.dense(1).forward(x)[0], out[0], 1e-6);
            // Gradients of the slices land in the flat tensor, at the slices' offsets.
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                List<List<NDArray>> tracked = flat.slices(m);
                gc.backward(Mlp.forward(m.create(x, new Shape(1, 5)), tracked.get(1)).sum());
            }
            float[] grad = flat.flat().getGradient().toFloatArray();
            for (int i = 0; i < first.length; i++) {
                assertEquals(0f, grad[i], "network 0 did not take part");
            }
            float biasGrad = grad[values.length - 1];
            assertEquals(1f, biasGrad, "d out / d output bias = 1");
        }
    }
}
