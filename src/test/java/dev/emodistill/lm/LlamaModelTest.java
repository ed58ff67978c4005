package dev.emodistill.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static dev.emodistill.lm.LmTests.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaModelTest {
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = LmTests.ENGINE.newSubManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void parametersHaveHuggingFaceNamesShapesAndTheConfiguredCount() {
        LlamaModel model = LlamaModel.create(LmTests.tinyQwen(), 1, manager);
        Map<String, NDArray> p = model.parameters();
        assertArrayEquals(new long[]{40, 16}, p.get("model.embed_tokens.weight").getShape().getShape());
        assertArrayEquals(new long[]{8, 16}, p.get("model.layers.1.self_attn.k_proj.weight").getShape().getShape(),
                "2 key/value heads of size 4, [out, in]");
        assertArrayEquals(new long[]{8}, p.get("model.layers.0.self_attn.v_proj.bias").getShape().getShape());
        assertArrayEquals(new long[]{16, 24}, p.get("model.layers.0.mlp.down_proj.weight").getShape().getShape());
        assertFalse(p.containsKey("lm_head.weight"), "tied head");
        assertFalse(p.containsKey("model.layers.0.self_attn.o_proj.bias"));
        assertEquals(model.config().parameterCount(), model.parameterCount());
        assertEquals(4_194_560, LlamaConfig.pocket(2048).parameterCount(), "the anchor's 4.19M parameters");
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAndAnotherSeedDoesNot() {
        LlamaModel a = LlamaModel.create(LmTests.tiny(), 42, manager);
        LlamaModel b = LlamaModel.create(LmTests.tiny(), 42, manager);
        LlamaModel c = LlamaModel.create(LmTests.tiny(), 43, manager);
        for (String name : a.parameterNames()) {
            assertArrayEquals(a.parameters().get(name).toFloatArray(), b.parameters().get(name).toFloatArray(), name);
        }
        assertFalse(Arrays.equals(a.parameters().get(HfNames.EMBED).toFloatArray(),
                c.parameters().get(HfNames.EMBED).toFloatArray()));
        float[] q = a.parameters().get("model.layers.0.self_attn.q_proj.weight").toFloatArray();
        double sq = 0;
        for (float x : q) {
            sq += x * x;
        }
        assertEquals(0.02, Math.sqrt(sq / q.length), 0.004, "initialised with std 0.02");
    }

    @Test
    void logitsAreCausalAndRightPaddingDoesNotChangeRealPositions() {
        LlamaModel model = LlamaModel.create(LmTests.tiny(), 3, manager);
        LmTests.sharpen(model, 20);
        int[] a = {1, 2, 3, 4, 5, 6};
        int[] b = {1, 2, 3, 9, 9, 9};
        float[][] la = LmTests.logits(model, a);
        float[][] lb = LmTests.logits(model, b);
        for (int t = 0; t < 3; t++) {
            assertArrayEquals(la[t], lb[t], 1e-6f, "position " + t + " cannot see later tokens");
        }
        assertTrue(Math.abs(la[3][0] - lb[3][0]) > 1e-4, "position 3 sees its own token");
        // A short row batched with a long one (right-padded with 0) keeps its logits.
        float[] batched = LmTests.flatLogits(model, List.of(a, new int[]{7, 8}));
        float[][] alone = LmTests.logits(model, new int[]{7, 8});
        int v = model.config().vocabSize();
        for (int t = 0; t < 2; t++) {
            assertClose(alone[t], Arrays.copyOfRange(batched, (6 + t) * v, (6 + t + 1) * v), 1e-5, "row 2 pos " + t);
        }
    }

    @Test
    void kvCacheDecodingEqualsFullRecomputationAtEveryStep() {
        for (LlamaConfig config : List.of(LmTests.tiny(), LmTests.tinyQwen())) {
            LlamaModel model = LlamaModel.create(config, 5, manager);
            LmTests.sharpen(model, 20);
            LmTests.randomBiases(model, 6);
            int[] sequence = LmTests.randomTokens(new SplittableRandom(1), 20, config.vocabSize());
            float[][] full = LmTests.logits(model, sequence);
            int prompt = 7;
            try (KvCache cache = model.newCache(new int[1], sequence.length)) {
                float[][] step = model.decode(cache, Arrays.copyOf(sequence, prompt), prompt);
                assertClose(full[prompt - 1], step[0], 1e-5, config.architecture() + " prefill");
                for (int t = prompt; t < sequence.length; t++) {
                    step = model.decode(cache, new int[]{sequence[t]}, 1);
                    assertClose(full[t], step[0], 1e-5, config.architecture() + " step at position " + t);
                }
                assertEquals(sequence.length, cache.length());
                assertThrows(IllegalStateException.class, () -> model.decode(cache, new int[]{1}, 1), "cache full");
            }
        }
    }

    @Test
    void leftPaddedRowsInOneCacheMatchEachRowAlone() {
        LlamaModel model = LlamaModel.create(LmTests.tinyQwen(), 8, manager);
        LmTests.sharpen(model, 20);
        LmTests.randomBiases(model, 9);
        int[] longRow = {3, 1, 4, 1, 5, 9, 2};
        int[] shortRow = {2, 7, 1};
        int[] prefill = new int[14];
        System.arraycopy(longRow, 0, prefill, 0, 7);
        System.arraycopy(shortRow, 0, prefill, 7 + 4, 3);
        try (KvCache cache = model.newCache(new int[]{0, 4}, 10)) {
            float[][] first = model.decode(cache, prefill, 7);
            float[][] second = model.decode(cache, new int[]{6, 8}, 1);
            float[][] longAlone = LmTests.logits(model, new int[]{3, 1, 4, 1, 5, 9, 2, 6});
            float[][] shortAlone = LmTests.logits(model, new int[]{2, 7, 1, 8});
            assertClose(longAlone[6], first[0], 1e-5, "long row prefill");
            assertClose(shortAlone[2], first[1], 1e-5, "short row prefill (4 padding columns)");
            assertClose(longAlone[7], second[0], 1e-5, "long row step");
            assertClose(shortAlone[3], second[1], 1e-5, "short row step");
            // Dropping the long row keeps the short one's state.
            cache.keepRows(new int[]{1});
            float[][] third = model.decode(cache, new int[]{3}, 1);
            assertClose(LmTests.logits(model, new int[]{2, 7, 1, 8, 3})[4], third[0], 1e-5, "after keepRows");
        }
    }

    @Test
    void maskedLossAndResponseLogProbsMatchTheLogitsByHand() {
        LlamaModel model = LlamaModel.create(LmTests.tiny(), 12, manager);
        LmTests.sharpen(model, 10);
        List<int[]> prompts = List.of(new int[]{1, 2, 3}, new int[]{4, 5});
        List<int[]> responses = List.of(new int[]{6, 7}, new int[]{8, 9, 10, 11});
        TokenBatch batch = TokenBatch.responses(prompts, responses);
        double[] expectedRow = new double[2];
        double total = 0;
        int count = 0;
        for (int r = 0; r < 2; r++) {
            int[] seq = new int[prompts.get(r).length + responses.get(r).length];
            System.arraycopy(prompts.get(r), 0, seq, 0, prompts.get(r).length);
            System.arraycopy(responses.get(r), 0, seq, prompts.get(r).length, responses.get(r).length);
            float[][] l = LmTests.logits(model, seq);
            for (int j = prompts.get(r).length; j < seq.length; j++) {
                double lp = logSoftmax(l[j - 1], seq[j]);
                expectedRow[r] += lp / responses.get(r).length;
                total += lp;
                count++;
            }
        }
        try (NDManager sm = manager.newSubManager()) {
            assertEquals(-total / count, model.maskedLoss(sm, batch).getFloat(), 1e-5);
            float[] rows = model.responseLogProbs(sm, batch).toFloatArray();
            assertEquals(expectedRow[0], rows[0], 1e-5);
            assertEquals(expectedRow[1], rows[1], 1e-5);
            assertEquals(6, model.scoredLogProbs(sm, batch).size(), "2 + 4 response tokens scored");
        }
    }

    private static double logSoftmax(float[] logits, int target) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : logits) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (float x : logits) {
            s += Math.exp(x - max);
        }
        return logits[target] - max - Math.log(s);
    }

    /**
     * Autograd against central differences in float64 (rounding error ~1e-16, so differences of 1e-6 are accurate
     * to ~1e-9), for entries of every kind of parameter, including q/k/v biases and a LoRA adapter.
     */
    @Test
    void gradientsMatchFiniteDifferencesInFloat64() {
        LlamaModel model = LlamaModel.create(LmTests.tinyQwen().withTiedEmbeddings(false), 21, manager,
                DataType.FLOAT64);
        LmTests.randomBiases(model, 4);
        model.parameters().forEach((n, p) -> {
            if (!n.contains("norm") && !n.endsWith(".bias")) {
                p.muli(15.0);
            }
        });
        Lora lora = model.addLora(new LoraConfig(2, 4, 0, List.of("k_proj", "up_proj")), 3);
        lora.parameters().values().forEach(p -> p.addi(0.3));
        SplittableRandom rng = new SplittableRandom(2);
        TokenBatch batch = TokenBatch.responses(
                List.of(LmTests.randomTokens(rng, 5, 40), LmTests.randomTokens(rng, 3, 40)),
                List.of(LmTests.randomTokens(rng, 4, 40), LmTests.randomTokens(rng, 6, 40)));
        List<String> checked = new ArrayList<>();
        // Base parameters: detach the adapter's gradients by checking the base with the adapter attached but
        // the base made trainable too.
        model.parameters().values().forEach(p -> p.setRequiresGradient(true));
        Map<String, NDArray> all = new java.util.LinkedHashMap<>(model.parameters());
        all.putAll(lora.parameters());
        String[] names = {HfNames.EMBED, "model.layers.0.input_layernorm.weight",
                "model.layers.0.self_attn.q_proj.weight", "model.layers.1.self_attn.k_proj.bias",
                "model.layers.1.self_attn.v_proj.weight", "model.layers.0.self_attn.o_proj.weight",
                "model.layers.1.mlp.gate_proj.weight", "model.layers.0.mlp.down_proj.weight", HfNames.FINAL_NORM,
                HfNames.HEAD, Lora.keyA(0, "k_proj"), Lora.keyB(1, "up_proj")};
        double[][] analytic = new double[names.length][];
        try (NDManager sm = manager.newSubManager();
             GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = model.maskedLoss(sm, batch);
            gc.backward(loss);
        }
        for (int i = 0; i < names.length; i++) {
            try (NDArray g = all.get(names[i]).getGradient()) {
                analytic[i] = g.toDoubleArray();
            }
        }
        for (int i = 0; i < names.length; i++) {
            NDArray p = all.get(names[i]);
            double[] values = p.toDoubleArray();
            int[] entries = {0, values.length / 2, values.length - 1};
            double largest = 0;
            for (int e : entries) {
                double h = 1e-6;
                double[] plus = values.clone();
                plus[e] += h;
                p.set(plus);
                double up = loss(model, batch);
                double[] minus = values.clone();
                minus[e] -= h;
                p.set(minus);
                double down = loss(model, batch);
                p.set(values);
                double numeric = (up - down) / (2 * h);
                double a = analytic[i][e];
                assertEquals(numeric, a, 1e-8 + 1e-5 * Math.abs(numeric), names[i] + "[" + e + "]");
                largest = Math.max(largest, Math.abs(numeric));
                checked.add(names[i]);
            }
            assertTrue(largest > 1e-5, names[i] + ": the checked gradients are not all negligible (" + largest + ")");
        }
        assertTrue(Arrays.stream(analytic).anyMatch(g -> Arrays.stream(g).anyMatch(x -> Math.abs(x) > 1e-3)),
                "gradients are not trivially zero");
        assertEquals(names.length * 3, checked.size());
    }

    private static double loss(LlamaModel model, TokenBatch batch) {
        try (NDManager sm = model.manager().newSubManager()) {
            return model.maskedLoss(sm, batch).getDouble();
        }
    }

    @Test
    void badInputsAreClearErrors() {
        LlamaModel model = LlamaModel.create(LmTests.tiny(), 1, manager);
        try (NDManager sm = manager.newSubManager()) {
            IllegalArgumentException vocab = assertThrows(IllegalArgumentException.class,
                    () -> model.forwardLogits(sm, List.of(new int[]{1, 40})));
            assertTrue(vocab.getMessage().contains("40") && vocab.getMessage().contains("vocabulary"));
            IllegalArgumentException context = assertThrows(IllegalArgumentException.class,
                    () -> model.forwardLogits(sm, List.of(new int[65])));
            assertTrue(context.getMessage().contains("context of 64"), context.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> model.newCache(new int[]{0}, 65));
    }
}
