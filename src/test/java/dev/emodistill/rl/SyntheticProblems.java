package dev.emodistill.rl;

import dev.emodistill.corpus.Transition;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small offline problems with known answers, logged by a behaviour policy chosen to make them hard. */
final class SyntheticProblems {
    private SyntheticProblems() {
    }

    /**
     * A contextual bandit: 4 contexts (one-hot states), 5 emotions used. The behaviour policy shows emotion
     * {@link #BANDIT_FREQUENT} 60 % of the time, though it pays 0 everywhere; each context's best emotion pays 1 but
     * is logged only 8 % of the time. Every transition is a one-step episode (done, t = 0).
     */
    static final int CONTEXTS = 4;
    static final int[] BANDIT_ACTIONS = {0, 3, 7, 12, 20};
    static final int BANDIT_FREQUENT = 0;
    /** Mean reward of BANDIT_ACTIONS[k] in context c. */
    static final double[][] BANDIT_MEAN = {
            {0.0, 1.0, 0.3, 0.4, 0.2},
            {0.0, 0.3, 1.0, 0.2, 0.4},
            {0.0, 0.4, 0.2, 1.0, 0.3},
            {0.0, 0.2, 0.4, 0.3, 1.0},
    };
    static final double BANDIT_NOISE = 0.1;

    static int banditOptimum(int context) {
        int best = 0;
        for (int k = 1; k < BANDIT_ACTIONS.length; k++) {
            if (BANDIT_MEAN[context][k] > BANDIT_MEAN[context][best]) {
                best = k;
            }
        }
        return BANDIT_ACTIONS[best];
    }

    /** Expected reward of emotion index {@code action} in a context (NaN if the bandit does not have it). */
    static double banditMean(int context, int action) {
        for (int k = 0; k < BANDIT_ACTIONS.length; k++) {
            if (BANDIT_ACTIONS[k] == action) {
                return BANDIT_MEAN[context][k];
            }
        }
        return Double.NaN;
    }

    static List<Transition> bandit(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Transition> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(CONTEXTS);
            int optimum = banditOptimum(c);
            double u = rng.nextDouble();
            int action;
            if (u < 0.6) {
                action = BANDIT_FREQUENT;
            } else if (u < 0.68) {
                action = optimum;
            } else {
                // The rest spread evenly over the other three emotions.
                List<Integer> others = new ArrayList<>();
                for (int a : BANDIT_ACTIONS) {
                    if (a != BANDIT_FREQUENT && a != optimum) {
                        others.add(a);
                    }
                }
                action = others.get(rng.nextInt(others.size()));
            }
            double r = banditMean(c, action) + BANDIT_NOISE * gaussian(rng);
            out.add(new Transition(oneHot(c, CONTEXTS), action, r, new float[CONTEXTS], true, false, "b" + i, 0));
        }
        return out;
    }

    /**
     * A chain of {@link #CHAIN_LENGTH} states (one-hot), three emotions: {@link #ADVANCE} moves one state on (from
     * the last it ends the episode paying 1), {@link #CASH} ends it paying 0.1, {@link #GAMBLE} ends it paying 1.2
     * in the last two states and -1 elsewhere. The behaviour policy advances or cashes in evenly and never gambles
     * before state 3 (40 % from there), so the data says nothing about gambling early; the best policy the data supports advances to state 3 and gambles there.
     * States are sampled uniformly, transitions from state 0 are marked t = 0.
     */
    static final int CHAIN_LENGTH = 5;
    static final int ADVANCE = 0;
    static final int CASH = 1;
    static final int GAMBLE = 2;
    static final int FIRST_GAMBLE_STATE = 3;

    static List<Transition> chain(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Transition> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int s = rng.nextInt(CHAIN_LENGTH);
            double u = rng.nextDouble();
            int action = s < FIRST_GAMBLE_STATE ? (u < 0.5 ? ADVANCE : CASH)
                    : (u < 0.3 ? ADVANCE : u < 0.6 ? CASH : GAMBLE);
            double r;
            boolean done;
            int next = s;
            switch (action) {
                case ADVANCE -> {
                    done = s == CHAIN_LENGTH - 1;
                    r = done ? 1.0 : 0.0;
                    next = done ? s : s + 1;
                }
                case CASH -> {
                    done = true;
                    r = 0.1;
                }
                default -> {
                    done = true;
                    r = s >= FIRST_GAMBLE_STATE ? 1.2 : -1.0;
                }
            }
            out.add(new Transition(oneHot(s, CHAIN_LENGTH), action, r,
                    done ? new float[CHAIN_LENGTH] : oneHot(next, CHAIN_LENGTH), done, false, "c" + i, s == 0 ? 0 : s));
        }
        return out;
    }

    /** The best action the data supports in each chain state: advance until gambling pays, then gamble. */
    static int chainInDataOptimum(int state) {
        return state < FIRST_GAMBLE_STATE ? ADVANCE : GAMBLE;
    }

    static float[] oneHot(int i, int n) {
        float[] x = new float[n];
        x[i] = 1;
        return x;
    }

    static double gaussian(SplittableRandom rng) {
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
