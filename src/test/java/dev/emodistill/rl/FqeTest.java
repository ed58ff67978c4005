package dev.emodistill.rl;

import dev.emodistill.corpus.Transition;
import dev.emodistill.emotion.Emotion;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.function.Function;

import static dev.emodistill.rl.SyntheticProblems.CHAIN_LENGTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FqeTest {
    private static final Fqe.Config CONFIG = Fqe.Config.defaults(5).withNetwork(64, 2).withGamma(0.9)
            .withIterations(8, 300);

    /** A deterministic policy on the chain's one-hot states. */
    private static Function<float[], double[]> chainPolicy(java.util.function.IntUnaryOperator choice) {
        return s -> {
            int state = 0;
            for (int i = 0; i < s.length; i++) {
                if (s[i] == 1) {
                    state = i;
                }
            }
            double[] p = new double[Emotion.COUNT];
            p[choice.applyAsInt(state)] = 1;
            return p;
        };
    }

    @Test
    void valuesMultiStepPoliciesOnTheChain() {
        OfflineData chain = OfflineData.from(SyntheticProblems.chain(3000, 9), CHAIN_LENGTH);
        // Advance to state 3, then gamble: three steps of discount before the 1.2.
        Fqe.Result best = Fqe.evaluate(chain, chainPolicy(SyntheticProblems::chainInDataOptimum), CONFIG);
        assertEquals(Math.pow(0.9, 3) * 1.2, best.value(), 0.05);
        // Cashing in at once is worth its 0.1.
        Fqe.Result cash = Fqe.evaluate(chain, chainPolicy(s -> SyntheticProblems.CASH), CONFIG);
        assertEquals(0.1, cash.value(), 0.03);
        assertEquals(CONFIG.iterations(), best.perIteration().length);
        // The first iteration sees only immediate rewards (advancing pays nothing yet), the last the full horizon.
        assertTrue(best.perIteration()[0] < 0.2, "iteration 1: " + best.perIteration()[0]);
        assertTrue(best.initialStates() > 0);
    }

    @Test
    void refusesDataWithoutStartsAndPoliciesThatAreNotDistributions() {
        List<Transition> noStarts = List.of(new Transition(new float[]{1}, 0, 1.0, new float[]{1}, true, false, "e", 2));
        OfflineData data = OfflineData.from(noStarts, 1);
        Function<float[], double[]> uniform = s -> {
            double[] p = new double[Emotion.COUNT];
            java.util.Arrays.fill(p, 1.0 / Emotion.COUNT);
            return p;
        };
        assertThrows(IllegalArgumentException.class, () -> Fqe.evaluate(data, uniform, CONFIG));
        OfflineData chain = OfflineData.from(SyntheticProblems.chain(20, 1), CHAIN_LENGTH);
        assertThrows(IllegalArgumentException.class, () -> Fqe.evaluate(chain, s -> new double[Emotion.COUNT], CONFIG));
        assertThrows(IllegalArgumentException.class, () -> Fqe.evaluate(chain, s -> new double[]{1}, CONFIG));
    }
}
