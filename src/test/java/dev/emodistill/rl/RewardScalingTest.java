package dev.emodistill.rl;

import dev.emodistill.corpus.Transition;
import dev.emodistill.io.InputException;
import dev.emodistill.rl.nn.DenseNet;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RewardScalingTest {
    @Test
    void eachOptionFitsItsMap() {
        float[] r = {-2f, 1f, 4f};
        assertArrayEquals(new double[]{0, 4}, RewardScaling.MAX_ABS.fit(r));
        assertArrayEquals(new double[]{0, 1}, RewardScaling.NONE.fit(r));
        double[] std = RewardScaling.STANDARDIZE.fit(r);
        assertEquals(1.0, std[0], 1e-12);
        assertEquals(Math.sqrt(6.0), std[1], 1e-12);
        // All-zero rewards must not divide by zero.
        assertArrayEquals(new double[]{0, 1}, RewardScaling.MAX_ABS.fit(new float[]{0, 0}));
        assertArrayEquals(new double[]{0, 1}, RewardScaling.STANDARDIZE.fit(new float[]{0, 0}));
        assertEquals(RewardScaling.STANDARDIZE, RewardScaling.parse(" Standardize "));
        assertThrows(InputException.class, () -> RewardScaling.parse("zscore"));
    }

    private static OfflineData scaled(float factor) {
        List<Transition> out = new ArrayList<>();
        for (Transition t : SyntheticProblems.bandit(300, 5)) {
            out.add(new Transition(t.s(), t.a(), t.r() * factor, t.s2(), t.done(), t.timeout(), t.episodeId(), t.t()));
        }
        return OfflineData.from(out, SyntheticProblems.CONTEXTS);
    }

    private static TrainingRun train(OfflineData data, RewardScaling scaling) {
        return Iql.train(data, null, IqlConfig.defaults(30, 3).withNetwork(16, 2).withRewardScaling(scaling), s -> { });
    }

    private static boolean sameWeights(TrainingRun a, TrainingRun b) {
        DenseNet x = a.model().q1();
        DenseNet y = b.model().q1();
        return Arrays.deepEquals(x.weights(), y.weights()) && Arrays.deepEquals(x.biases(), y.biases());
    }

    @Test
    void normalisedLearningIgnoresTheRewardUnitAndTheRunRecordsTheMap() {
        // Doubling is exact in float, so after max_abs or standardize the learner sees bit-identical rewards.
        OfflineData base = scaled(1);
        OfflineData doubled = scaled(2);
        for (RewardScaling scaling : List.of(RewardScaling.MAX_ABS, RewardScaling.STANDARDIZE)) {
            TrainingRun a = train(base, scaling);
            TrainingRun b = train(doubled, scaling);
            assertArrayEquals(scaling.fit(base.rewards()), new double[]{a.rewardShift(), a.rewardScale()});
            assertEquals(2 * a.rewardScale(), b.rewardScale(), 1e-9, scaling.label());
            assertEquals(2 * a.rewardShift(), b.rewardShift(), 1e-9, scaling.label());
            assertTrue(sameWeights(a, b), scaling.label() + " should make the unit irrelevant");
        }
        TrainingRun a = train(base, RewardScaling.NONE);
        TrainingRun b = train(doubled, RewardScaling.NONE);
        assertEquals(1, a.rewardScale());
        assertEquals(0, a.rewardShift());
        assertFalse(sameWeights(a, b), "without normalisation the reward unit reaches the critics");
    }
}
