package dev.emodistill.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared pieces of the language-model tests: one engine manager per JVM, tiny shapes, helpers. */
final class LmTests {
    /** Loaded once per JVM; each test makes its models in a sub-manager of it. */
    static final NDManager ENGINE = NDManager.newBaseManager("PyTorch");

    private LmTests() {
    }

    /** Tiny llama with grouped-query attention (4 heads, 2 key/value heads), 40 tokens. */
    static LlamaConfig tiny() {
        return LlamaConfig.tiny(40);
    }

    /** Tiny qwen2: q/k/v biases, tied head, GQA. */
    static LlamaConfig tinyQwen() {
        return LlamaConfig.tiny(40).asQwen2().withTiedEmbeddings(true);
    }

    static int[] randomTokens(SplittableRandom rng, int n, int vocab) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(vocab);
        }
        return t;
    }

    /** Scales every non-norm parameter so that attention patterns and logits are far from uniform. */
    static void sharpen(LlamaModel model, float factor) {
        model.parameters().forEach((name, p) -> {
            if (!name.contains("norm")) {
                p.muli(factor);
            }
        });
    }

    /** Gives every bias a value so that the bias path matters (fresh biases are zero). */
    static void randomBiases(LlamaModel model, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        model.parameters().forEach((name, p) -> {
            if (name.endsWith(".bias")) {
                float[] v = new float[(int) p.size()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) (rng.nextDouble() - 0.5);
                }
                p.set(v);
            }
        });
    }

    /** Logits of single rows [T][V] from a full forward pass. */
    static float[][] logits(LlamaModel model, int[] tokens) {
        try (NDManager sm = model.manager().newSubManager()) {
            NDArray l = model.forwardLogits(sm, List.of(tokens));
            float[] flat = l.toFloatArray();
            int v = model.config().vocabSize();
            float[][] out = new float[tokens.length][];
            for (int t = 0; t < tokens.length; t++) {
                out[t] = java.util.Arrays.copyOfRange(flat, t * v, (t + 1) * v);
            }
            return out;
        }
    }

    static float[] flatLogits(LlamaModel model, List<int[]> rows) {
        try (NDManager sm = model.manager().newSubManager()) {
            return model.forwardLogits(sm, rows).toFloatArray();
        }
    }

    static void assertClose(float[] expected, float[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(expected[i] - actual[i]);
            if (d > worst || Double.isNaN(d)) {
                worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
                at = i;
            }
        }
        if (worst > tolerance) {
            throw new AssertionError(what + ": differs by " + worst + " at " + at + " (expected " + expected[at]
                    + ", got " + actual[at] + "), tolerance " + tolerance);
        }
    }

    static List<float[]> snapshot(java.util.Map<String, NDArray> params) {
        List<float[]> out = new ArrayList<>();
        params.values().forEach(p -> out.add(p.toFloatArray()));
        return out;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
