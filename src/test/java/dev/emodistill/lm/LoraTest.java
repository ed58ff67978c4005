package dev.emodistill.lm;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static dev.emodistill.lm.LmTests.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoraTest {
    private static final List<int[]> ROWS = List.of(new int[]{1, 5, 9, 13, 2, 7}, new int[]{30, 3, 3, 8});

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = LmTests.ENGINE.newSubManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private LlamaModel model(long seed) {
        LlamaModel m = LlamaModel.create(LmTests.tinyQwen(), seed, manager);
        LmTests.sharpen(m, 20);
        LmTests.randomBiases(m, seed + 1);
        return m;
    }

    /** Makes B non-zero so the adapter changes the output. */
    private static void randomise(Lora lora, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        lora.parameters().forEach((name, p) -> {
            float[] v = new float[(int) p.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (rng.nextDouble() - 0.5);
            }
            p.set(v);
        });
    }

    @Test
    void aFreshAdapterHasZeroBAndLeavesTheBaseUnchanged() {
        LlamaModel model = model(1);
        float[] base = LmTests.flatLogits(model, ROWS);
        Lora lora = model.addLora(LoraConfig.allLinear(4, 8, 0), 7);
        lora.parameters().forEach((name, p) -> {
            float[] v = p.toFloatArray();
            boolean allZero = true;
            for (float x : v) {
                allZero &= x == 0f;
            }
            assertEquals(name.contains("lora_B"), allZero, name);
        });
        assertArrayEquals(base, LmTests.flatLogits(model, ROWS), "B = 0: the adapter adds exactly zero");
        assertArrayEquals(new long[]{4, 16}, lora.parameters().get(Lora.keyA(1, "q_proj")).getShape().getShape());
        assertArrayEquals(new long[]{24, 4}, lora.parameters().get(Lora.keyB(0, "up_proj")).getShape().getShape());
        assertEquals(2.0, lora.config().scaling());
    }

    @Test
    void mergedEqualsUnmergedAndUnmergeRestoresTheBaseBitForBit() {
        LlamaModel model = model(2);
        float[] base = LmTests.flatLogits(model, ROWS);
        List<float[]> baseWeights = LmTests.snapshot(model.parameters());
        Lora lora = model.addLora(new LoraConfig(3, 5, 0, List.of("q_proj", "v_proj", "o_proj", "down_proj")), 8);
        randomise(lora, 9);
        float[] adapted = LmTests.flatLogits(model, ROWS);
        assertTrue(maxDiff(base, adapted) > 1e-2, "the adapter changes the output");

        model.mergeLora();
        assertTrue(model.loraMerged());
        assertClose(adapted, LmTests.flatLogits(model, ROWS), 1e-4, "merged vs adapter path");
        assertNotEquals(baseWeights.get(3)[0], model.parameters().get("model.layers.0.self_attn.q_proj.weight")
                .toFloatArray()[0], "merging changed the weights");
        assertThrows(IllegalStateException.class, model::mergeLora);

        model.unmergeLora();
        List<float[]> restored = LmTests.snapshot(model.parameters());
        for (int i = 0; i < restored.size(); i++) {
            assertArrayEquals(baseWeights.get(i), restored.get(i), "parameter " + i);
        }
        assertArrayEquals(adapted, LmTests.flatLogits(model, ROWS), "adapter path back on");
        model.attachLora(null);
        assertArrayEquals(base, LmTests.flatLogits(model, ROWS));
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) {
            m = Math.max(m, Math.abs(a[i] - b[i]));
        }
        return m;
    }

    @Test
    void trainingAnAdapterLeavesEveryBaseWeightUnchanged() {
        LlamaModel model = model(3);
        List<float[]> before = LmTests.snapshot(model.parameters());
        Lora lora = model.addLora(LoraConfig.attention(4).withDropout(0.1), 4);
        assertEquals(lora.parameters().keySet(), model.trainableParameters().keySet(), "optimizer sees A and B only");
        List<float[]> adapterBefore = LmTests.snapshot(lora.parameters());
        TrainStep step = TrainStep.of(model, CosineSchedule.constant(1e-2), 0.01, 1.0);
        TokenBatch batch = TokenBatch.full(ROWS);
        double first = step.step(batch).loss();
        double last = first;
        for (int i = 0; i < 5; i++) {
            last = step.step(batch).loss();
        }
        assertTrue(last < first, "the adapter learns: " + first + " -> " + last);
        List<float[]> after = LmTests.snapshot(model.parameters());
        for (int i = 0; i < after.size(); i++) {
            assertArrayEquals(before.get(i), after.get(i), model.parameterNames().get(i) + " is frozen");
        }
        List<float[]> adapterAfter = LmTests.snapshot(lora.parameters());
        int changed = 0;
        for (int i = 0; i < adapterAfter.size(); i++) {
            changed += Arrays.equals(adapterBefore.get(i), adapterAfter.get(i)) ? 0 : 1;
        }
        assertEquals(adapterAfter.size(), changed, "every A and B moved");
        assertFalse(model.training(), "training mode is only on during the step");
    }

    @Test
    void dropoutActsInTrainingModeOnly() {
        LlamaModel model = model(5);
        Lora lora = model.addLora(LoraConfig.attention(4).withDropout(0.5), 6);
        randomise(lora, 10);
        float[] eval1 = LmTests.flatLogits(model, ROWS);
        float[] eval2 = LmTests.flatLogits(model, ROWS);
        assertArrayEquals(eval1, eval2, "no dropout outside training");
        model.setTraining(true);
        float[] train = LmTests.flatLogits(model, ROWS);
        model.setTraining(false);
        assertTrue(maxDiff(eval1, train) > 1e-3, "dropout changes the adapter path in training");
    }

    @Test
    void adaptersCanBeCopiedSwappedAndFrozen() {
        LlamaModel model = model(11);
        float[] base = LmTests.flatLogits(model, ROWS);
        Lora first = model.addLora(LoraConfig.attention(2), 1);
        randomise(first, 2);
        float[] withFirst = LmTests.flatLogits(model, ROWS);
        Lora copy = first.copy();
        copy.setTrainable(false);
        model.attachLora(copy);
        assertArrayEquals(withFirst, LmTests.flatLogits(model, ROWS), "a copy computes the same");
        assertTrue(model.trainableParameters().isEmpty(), "a frozen adapter on a frozen base: nothing to train");
        randomise(copy, 3);
        assertTrue(maxDiff(withFirst, LmTests.flatLogits(model, ROWS)) > 1e-3);
        model.attachLora(first);
        assertArrayEquals(withFirst, LmTests.flatLogits(model, ROWS), "the copy has its own parameters");
        model.attachLora(null);
        assertArrayEquals(base, LmTests.flatLogits(model, ROWS));

        LlamaModel other = LlamaModel.create(LlamaConfig.tiny(40).withMaxContext(32), 1, manager);
        other.attachLora(first.copy());
        LlamaModel wider = LlamaModel.create(new LlamaConfig("llama", 40, 32, 2, 4, 2, 24, 64, 1e4, 1e-6, false,
                false, -1, List.of(), null), 1, manager);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> wider.attachLora(first));
        assertTrue(e.getMessage().contains("adapter was made for"), e.getMessage());
    }

    @Test
    void loraConfigValidatesAndOrdersModules() {
        LoraConfig c = new LoraConfig(8, 16, 0.05, List.of("down_proj", "q_proj"));
        assertEquals(List.of("q_proj", "down_proj"), c.targetModules());
        assertThrows(IllegalArgumentException.class, () -> new LoraConfig(0, 1, 0, List.of("q_proj")));
        assertThrows(IllegalArgumentException.class, () -> new LoraConfig(4, 1, 1, List.of("q_proj")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LoraConfig(4, 1, 0, List.of("qkv")));
        assertTrue(e.getMessage().contains("qkv"));
        List<String> names = new ArrayList<>(LoraConfig.attention(8).targetModules());
        assertEquals(List.of("q_proj", "k_proj", "v_proj", "o_proj"), names);
    }
}
