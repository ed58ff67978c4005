package dev.emodistill.rl;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.BiFunction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarkovChainTest {
    private static final BiFunction<String, String, InputException> ERROR =
            (field, reason) -> new InputException("field '" + field + "': " + reason);

    /** A chain with random logits of the given spread. */
    static MarkovChain random(long seed, double sigma) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] initial = new double[Emotion.COUNT];
        double[][] transition = new double[Emotion.COUNT][Emotion.COUNT];
        for (int i = 0; i < Emotion.COUNT; i++) {
            initial[i] = rng.nextGaussian() * sigma;
            for (int j = 0; j < Emotion.COUNT; j++) {
                transition[i][j] = rng.nextGaussian() * sigma;
            }
        }
        return MarkovChain.ofLogits(initial, transition);
    }

    @Test
    void theUniformChainIsTheRandomPolicy() {
        MarkovChain u = MarkovChain.uniform();
        for (double p : u.initialProbabilities()) {
            assertEquals(1.0 / Emotion.COUNT, p, 1e-12);
        }
        for (double p : u.transitionProbabilities(Emotion.ANGER)) {
            assertEquals(1.0 / Emotion.COUNT, p, 1e-12);
        }
    }

    @Test
    void rowsAreSoftmaxesOfTheLogits() {
        MarkovChain c = random(1, 2);
        double[] logits = c.transitionLogits(Emotion.JOY.index());
        double[] p = c.transitionProbabilities(Emotion.JOY);
        double sum = 0;
        for (double v : p) {
            sum += v;
        }
        assertEquals(1, sum, 1e-12);
        assertEquals(Math.exp(logits[3] - logits[5]), p[3] / p[5], 1e-9);
    }

    @Test
    void samplingFollowsTheRowOfThePreviousEmotion() {
        MarkovChain c = random(2, 1.5);
        SplittableRandom rng = new SplittableRandom(3);
        int draws = 60_000;
        int[] fromJoy = new int[Emotion.COUNT];
        int[] first = new int[Emotion.COUNT];
        for (int i = 0; i < draws; i++) {
            fromJoy[c.sample(Emotion.JOY, rng).index()]++;
            first[c.sample(null, rng).index()]++;
        }
        double[] pJoy = c.transitionProbabilities(Emotion.JOY);
        double[] pInit = c.initialProbabilities();
        for (int k = 0; k < Emotion.COUNT; k++) {
            // 5 standard errors: a wrong row would be off by far more.
            assertEquals(pJoy[k], fromJoy[k] / (double) draws, 5 * Math.sqrt(pJoy[k] * (1 - pJoy[k]) / draws) + 1e-4);
            assertEquals(pInit[k], first[k] / (double) draws, 5 * Math.sqrt(pInit[k] * (1 - pInit[k]) / draws) + 1e-4);
        }
        // The no-emotion control is not a state of the chain: it restarts from the initial distribution.
        assertEquals(c.sample(null, new SplittableRandom(5)), c.sample(Emotion.NO_EMOTION, new SplittableRandom(5)));
    }

    @Test
    void mostLikelyIsTheRowArgmax() {
        double[] initial = new double[Emotion.COUNT];
        double[][] transition = new double[Emotion.COUNT][Emotion.COUNT];
        initial[Emotion.PRIDE.index()] = 2;
        transition[Emotion.PRIDE.index()][Emotion.RELIEF.index()] = 1;
        MarkovChain c = MarkovChain.ofLogits(initial, transition);
        assertEquals(Emotion.PRIDE, c.mostLikely(null));
        assertEquals(Emotion.RELIEF, c.mostLikely(Emotion.PRIDE));
        assertEquals(Emotion.ADMIRATION, c.mostLikely(Emotion.ANGER), "ties go to label order");
    }

    @Test
    void jsonKeepsTheLogitsExactly() {
        MarkovChain c = random(4, 3);
        MarkovChain back = MarkovChain.fromJson(c.toJson(), ERROR);
        assertEquals(c, back);
        assertNotEquals(c, random(5, 3));
        assertEquals(Emotion.COUNT, c.toJson().get("transition").size());
    }

    @Test
    void badChainsAreRefused() {
        var json = random(6, 1).toJson();
        ((com.fasterxml.jackson.databind.node.ArrayNode) json.get("initial_logits")).remove(0);
        InputException e = assertThrows(InputException.class, () -> MarkovChain.fromJson(json, ERROR));
        assertTrue(e.getMessage().contains("initial_logits"), e.getMessage());
        double[] bad = new double[Emotion.COUNT];
        bad[0] = Double.NaN;
        assertThrows(IllegalArgumentException.class,
                () -> MarkovChain.ofLogits(bad, new double[Emotion.COUNT][Emotion.COUNT]));
        assertThrows(IllegalArgumentException.class,
                () -> MarkovChain.ofLogits(new double[3], new double[Emotion.COUNT][Emotion.COUNT]));
    }
}
