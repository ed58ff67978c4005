package dev.emodistill.lm;

import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratorTest {
    private NDManager manager;
    private LlamaModel model;

    @BeforeEach
    void open() {
        manager = LmTests.ENGINE.newSubManager();
        model = LlamaModel.create(LmTests.tinyQwen(), 31, manager);
        LmTests.sharpen(model, 25);
        LmTests.randomBiases(model, 32);
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private static List<int[]> prompts(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(LmTests.randomTokens(rng, 1 + rng.nextInt(12), 40));
        }
        return out;
    }

    @Test
    void greedyGenerationEqualsArgmaxOfFullRecomputation() {
        int[] prompt = {3, 14, 15, 9, 26};
        Generation g = new Generator(model).generate(List.of(prompt), SamplingOptions.greedy(12), new long[]{0}).get(0);
        assertEquals(12, g.tokens().length);
        assertFalse(g.stopped());
        int[] sequence = Arrays.copyOf(prompt, prompt.length + 12);
        for (int t = 0; t < 12; t++) {
            float[][] logits = LmTests.logits(model, Arrays.copyOf(sequence, prompt.length + t));
            float[] last = logits[prompt.length + t - 1];
            sequence[prompt.length + t] = LmTests.argmax(last);
            assertEquals(sequence[prompt.length + t], g.tokens()[t], "token " + t);
            assertEquals(logSoftmax(last, g.tokens()[t]), g.logProbs()[t], 1e-4, "log-prob " + t);
        }
        assertTrue(new HashSet<>(toList(g.tokens())).size() > 1, "not a degenerate constant output");
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

    private static List<Integer> toList(int[] a) {
        List<Integer> out = new ArrayList<>();
        for (int x : a) {
            out.add(x);
        }
        return out;
    }

    @Test
    void eachPromptGetsTheSameContinuationAloneOrInAnyBatch() {
        List<int[]> prompts = prompts(11, 5);
        long[] seeds = new long[prompts.size()];
        for (int i = 0; i < seeds.length; i++) {
            seeds[i] = 1000 + i;
        }
        for (SamplingOptions options : List.of(SamplingOptions.greedy(9),
                SamplingOptions.sample(0.9, 0.95, 9).withRepetitionPenalty(1.3))) {
            List<Generation> together = new Generator(model, 64).generate(prompts, options, seeds);
            List<Generation> chunked = new Generator(model, 3).generate(prompts, options, seeds);
            for (int i = 0; i < prompts.size(); i++) {
                Generation alone = new Generator(model).generate(List.of(prompts.get(i)), options,
                        new long[]{seeds[i]}).get(0);
                assertArrayEquals(alone.tokens(), together.get(i).tokens(), "prompt " + i + " batched");
                assertArrayEquals(alone.tokens(), chunked.get(i).tokens(), "prompt " + i + " in batches of 3");
                assertArrayEquals(alone.logProbs(), together.get(i).logProbs(), 1e-4f);
            }
        }
    }

    @Test
    void stopTokensEndGenerationsEarlyAndOthersContinue() {
        List<int[]> prompts = prompts(8, 9);
        long[] seeds = new long[8];
        List<Generation> free = new Generator(model).generate(prompts, SamplingOptions.greedy(10), seeds);
        // Stop on the token that prompt 0 produces third: it must stop there, with the stop token included.
        int stop = free.get(0).tokens()[2];
        int firstAt = -1;
        for (int t = 0; t < 3; t++) {
            if (free.get(0).tokens()[t] == stop) {
                firstAt = t;
                break;
            }
        }
        List<Generation> stopped = new Generator(model).generate(prompts,
                SamplingOptions.greedy(10).withStopIds(List.of(stop)), seeds);
        Generation g0 = stopped.get(0);
        assertTrue(g0.stopped());
        assertEquals(firstAt + 1, g0.tokens().length);
        assertEquals(stop, g0.tokens()[firstAt]);
        for (int i = 0; i < prompts.size(); i++) {
            int[] full = free.get(i).tokens();
            int[] cut = stopped.get(i).tokens();
            assertArrayEquals(Arrays.copyOf(full, cut.length), cut, "prompt " + i + " is a prefix of its free run");
            boolean hasStop = toList(full).contains(stop);
            assertEquals(hasStop, stopped.get(i).stopped(), "prompt " + i);
        }
        // The config's end-of-sequence id stops generation too.
        LlamaModel withEos = LlamaModel.create(model.config().withSpecialTokens(-1, List.of(stop)), 31, manager);
        withEos.parameters().forEach((n, p) -> p.set(model.parameters().get(n).toFloatArray()));
        assertArrayEquals(g0.tokens(), new Generator(withEos).generate(prompts.subList(0, 1),
                SamplingOptions.greedy(10), new long[1]).get(0).tokens());
    }

    @Test
    void samplingIsSeededAndTopPNearZeroIsGreedy() {
        List<int[]> prompts = prompts(4, 13);
        long[] seeds = {1, 2, 3, 4};
        SamplingOptions hot = SamplingOptions.sample(1.5, 1.0, 15);
        List<Generation> a = new Generator(model).generate(prompts, hot, seeds);
        List<Generation> b = new Generator(model).generate(prompts, hot, seeds);
        List<Generation> c = new Generator(model).generate(prompts, hot, new long[]{5, 6, 7, 8});
        int differ = 0;
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(a.get(i).tokens(), b.get(i).tokens());
            differ += Arrays.equals(a.get(i).tokens(), c.get(i).tokens()) ? 0 : 1;
        }
        assertTrue(differ >= 3, "other seeds give other samples");
        List<Generation> nucleus = new Generator(model).generate(prompts, SamplingOptions.sample(1.0, 1e-9, 15),
                seeds);
        List<Generation> greedy = new Generator(model).generate(prompts, SamplingOptions.greedy(15), seeds);
        for (int i = 0; i < 4; i++) {
            assertArrayEquals(greedy.get(i).tokens(), nucleus.get(i).tokens());
        }
    }

    @Test
    void aStrongRepetitionPenaltyAvoidsRepeats() {
        int[] prompt = {1, 2, 3};
        SamplingOptions options = SamplingOptions.greedy(20).withRepetitionPenalty(1e6);
        int[] tokens = new Generator(model).generate(List.of(prompt), options, new long[1]).get(0).tokens();
        int[] plain = new Generator(model).generate(List.of(prompt), SamplingOptions.greedy(20), new long[1]).get(0)
                .tokens();
        Set<Integer> seen = new HashSet<>(List.of(1, 2, 3));
        int repeats = 0;
        for (int t : tokens) {
            repeats += seen.add(t) ? 0 : 1;
        }
        Set<Integer> seenPlain = new HashSet<>(List.of(1, 2, 3));
        int plainRepeats = 0;
        for (int t : plain) {
            plainRepeats += seenPlain.add(t) ? 0 : 1;
        }
        assertTrue(plainRepeats > 0, "without the penalty the tiny model repeats itself");
        assertTrue(repeats < plainRepeats, repeats + " repeats with the penalty vs " + plainRepeats);
        assertNotEquals(toList(plain), toList(tokens));
    }

    @Test
    void aPromptThatDoesNotFitTheContextIsAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Generator(model)
                .generate(List.of(new int[]{1}, new int[60]), SamplingOptions.greedy(5), new long[2]));
        assertTrue(e.getMessage().contains("prompt 1") && e.getMessage().contains("65")
                && e.getMessage().contains("context is 64"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Generator(model)
                .generate(List.of(new int[0]), SamplingOptions.greedy(5), new long[1]));
        assertThrows(IllegalArgumentException.class, () -> new Generator(model)
                .generate(List.of(new int[]{1}), SamplingOptions.greedy(5), new long[2]));
    }
}
