package dev.emodistill.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = LmTests.ENGINE.newSubManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    /** "the offer is 12 days ." in a 40-token toy vocabulary, repeated. */
    private static int[] toySequence(int length) {
        int[] pattern = {5, 17, 9, 1, 2, 23, 31};
        int[] s = new int[length];
        for (int i = 0; i < length; i++) {
            s[i] = pattern[i % pattern.length];
        }
        return s;
    }

    @Test
    void aTinyModelMemorisesARepetitiveSequence() {
        LlamaConfig config = new LlamaConfig("llama", 40, 32, 2, 4, 2, 64, 64, 1e4, 1e-6, false, false, -1,
                List.of(), null);
        LlamaModel model = LlamaModel.create(config, 1, manager);
        int[] seq = toySequence(30);
        TokenBatch batch = TokenBatch.full(List.of(seq, Arrays.copyOfRange(seq, 3, 30)));
        TrainStep step = TrainStep.of(model, new CosineSchedule(1e-2, 5, 150, 1e-3), 0.0, 1.0);
        double first = step.step(batch).loss();
        assertEquals(Math.log(40), first, 0.2, "starts near uniform");
        double last = first;
        for (int i = 1; i < 150; i++) {
            last = step.step(batch).loss();
        }
        assertTrue(last < 0.05, "memorised: loss " + first + " -> " + last);
        // Known answer: from the first three tokens it continues the pattern.
        int[] out = new Generator(model).generate(List.of(Arrays.copyOf(seq, 3)), SamplingOptions.greedy(14),
                new long[1]).get(0).tokens();
        assertArrayEquals(Arrays.copyOfRange(seq, 3, 17), out);
    }

    private static List<float[]> train(long seed, boolean lora) {
        try (NDManager m = LmTests.ENGINE.newSubManager()) {
            LlamaModel model = LlamaModel.create(LmTests.tiny(), seed, m);
            if (lora) {
                model.addLora(LoraConfig.attention(2), seed + 1);
            }
            TrainStep step = TrainStep.of(model, CosineSchedule.standard(5e-3, 6), 0.01, 1.0);
            TokenBatch batch = TokenBatch.responses(List.of(new int[]{1, 2, 3}, new int[]{4}),
                    List.of(toySequence(9), new int[]{7, 7, 8}));
            for (int i = 0; i < 6; i++) {
                step.step(batch);
            }
            List<float[]> out = new ArrayList<>(LmTests.snapshot(model.parameters()));
            if (lora) {
                out.addAll(LmTests.snapshot(model.lora().parameters()));
            }
            return out;
        }
    }

    @Test
    void theSameSeedTrainsToBitIdenticalWeights() {
        for (boolean lora : List.of(false, true)) {
            List<float[]> a = train(3, lora);
            List<float[]> b = train(3, lora);
            List<float[]> c = train(4, lora);
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i), "tensor " + i);
            }
            assertTrue(!Arrays.equals(a.get(0), c.get(0)));
        }
    }

    @Test
    void adamWMatchesTheUpdateByHand() {
        NDArray w = manager.create(new float[]{0.5f, -1f, 2f, 0f}, new ai.djl.ndarray.types.Shape(2, 2));
        NDArray b = manager.create(new float[]{1f, 1f});
        w.setRequiresGradient(true);
        b.setRequiresGradient(true);
        Map<String, NDArray> params = new java.util.LinkedHashMap<>();
        params.put("w", w);
        params.put("b", b);
        AdamW opt = new AdamW(params, new AdamW.Options(0.9, 0.999, 1e-8, 0.1));
        double[] m = new double[4];
        double[] v = new double[4];
        double[] pw = {0.5, -1, 2, 0};
        double[] pb = {1, 1};
        double[] mb = new double[2];
        double[] vb = new double[2];
        double lr = 0.01;
        for (int t = 1; t <= 3; t++) {
            // loss = sum(w^2 * k) + 3 * sum(b): gradient 2 k w and 3.
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray loss = w.square().mul(t).sum().add(b.sum().mul(3));
                gc.backward(loss);
            }
            double[] gw = new double[4];
            for (int i = 0; i < 4; i++) {
                gw[i] = 2 * t * pw[i];
            }
            double norm = opt.step(lr, 0);
            double expectedNorm = Math.sqrt(Arrays.stream(gw).map(x -> x * x).sum() + 2 * 9);
            assertEquals(expectedNorm, norm, 1e-4);
            for (int i = 0; i < 4; i++) {
                m[i] = 0.9 * m[i] + 0.1 * gw[i];
                v[i] = 0.999 * v[i] + 0.001 * gw[i] * gw[i];
                pw[i] *= 1 - lr * 0.1;
                pw[i] -= lr / (1 - Math.pow(0.9, t)) * m[i] / (Math.sqrt(v[i] / (1 - Math.pow(0.999, t))) + 1e-8);
            }
            for (int i = 0; i < 2; i++) {
                mb[i] = 0.9 * mb[i] + 0.3;
                vb[i] = 0.999 * vb[i] + 0.001 * 9;
                pb[i] -= lr / (1 - Math.pow(0.9, t)) * mb[i] / (Math.sqrt(vb[i] / (1 - Math.pow(0.999, t))) + 1e-8);
            }
        }
        float[] gotW = w.toFloatArray();
        for (int i = 0; i < 4; i++) {
            assertEquals(pw[i], gotW[i], 1e-5, "w[" + i + "] (decayed)");
        }
        float[] gotB = b.toFloatArray();
        assertEquals(pb[0], gotB[0], 1e-5, "biases are not decayed");
        assertEquals(3, opt.steps());
    }

    @Test
    void clippingScalesTheStepAndNonFiniteGradientsAreSkipped() {
        NDArray w = manager.create(new float[]{1f, 1f});
        w.setRequiresGradient(true);
        AdamW opt = new AdamW(Map.of("w", w), AdamW.Options.defaults().withWeightDecay(0));
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.mul(manager.create(new float[]{30f, 40f})).sum());
        }
        assertEquals(50.0, opt.step(0.1, 1.0), 1e-4, "norm before clipping");
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.mul(Float.NaN).sum());
        }
        float[] before = w.toFloatArray();
        assertTrue(Double.isNaN(opt.step(0.1, 1.0)));
        assertArrayEquals(before, w.toFloatArray(), "a NaN step changes nothing");
        assertEquals(1, opt.skippedSteps());
        // ...and leaves no NaN behind in the accumulated gradient (NaN x 0 is NaN), or every later step would be
        // skipped too and training would silently freeze.
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            gc.backward(w.mul(manager.create(new float[]{3f, 4f})).sum());
        }
        assertEquals(5.0, opt.step(0.1, 1.0), 1e-4, "the next step sees only its own gradient");
        assertEquals(1, opt.skippedSteps());
        float[] after = w.toFloatArray();
        assertTrue(after[0] < before[0] && after[1] < before[1], "and updates the weights again");
    }

    @Test
    void cosineScheduleWarmsUpThenDecaysToTheFloor() {
        CosineSchedule s = new CosineSchedule(1.0, 4, 14, 0.1);
        assertEquals(0.25, s.rate(0), 1e-12);
        assertEquals(1.0, s.rate(3), 1e-12);
        assertEquals(1.0, s.rate(4), 1e-12);
        assertEquals(0.55, s.rate(9), 1e-12, "halfway through the decay");
        assertEquals(0.1, s.rate(14), 1e-12);
        assertEquals(0.1, s.rate(100), 1e-12);
        for (int i = 4; i < 14; i++) {
            assertTrue(s.rate(i + 1) <= s.rate(i));
        }
        assertThrows(IllegalArgumentException.class, () -> new CosineSchedule(1, 5, 4, 0));
        assertEquals(0.3, CosineSchedule.constant(0.3).rate(50), 1e-12);
    }
}
