package dev.emodistill.rl;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.rl.nn.DenseNet;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static dev.emodistill.rl.SyntheticProblems.CHAIN_LENGTH;
import static dev.emodistill.rl.SyntheticProblems.CONTEXTS;
import static dev.emodistill.rl.SyntheticProblems.FIRST_GAMBLE_STATE;
import static dev.emodistill.rl.SyntheticProblems.GAMBLE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Discrete IQL on problems with known answers (DESIGN §7: shown correct before it is trusted on negotiations). */
class IqlTest {
    /** Small networks keep each training under a few seconds on two cores; the problems need no more. */
    private static final int HIDDEN = 64;
    private static final int STEPS = 2000;

    private static OfflineData banditData;
    private static SelectorModel banditModel;

    /** The bandit selector, trained once for the tests that need it. */
    static synchronized SelectorModel bandit() {
        if (banditModel == null) {
            banditData = OfflineData.from(SyntheticProblems.bandit(4000, 1), CONTEXTS);
            banditModel = Iql.train(banditData, null, IqlConfig.defaults(STEPS, 7).withNetwork(HIDDEN, 2),
                    s -> { }).model();
        }
        return banditModel;
    }

    @Test
    void banditPolicyFindsTheRareBestEmotionAndFqeValuesIt() {
        SelectorModel model = bandit();
        double trueValue = 0;
        for (int c = 0; c < CONTEXTS; c++) {
            float[] s = SyntheticProblems.oneHot(c, CONTEXTS);
            int optimum = SyntheticProblems.banditOptimum(c);
            assertNotEquals(SyntheticProblems.BANDIT_FREQUENT, optimum, "the test needs the common emotion to be wrong");
            assertEquals(optimum, model.act(s), "context " + c);
            double[] p = model.actionProbabilities(s);
            assertTrue(p[optimum] > p[SyntheticProblems.BANDIT_FREQUENT],
                    "policy prefers the optimum over the behaviour's favourite in context " + c);
            trueValue += SyntheticProblems.banditMean(c, model.act(s)) / CONTEXTS;
        }
        assertEquals(1.0, trueValue, 1e-12);
        // Every bandit transition starts (and ends) an episode, so FQE averages over all contexts as logged.
        Fqe.Result fqe = Fqe.evaluate(banditData, greedy(model),
                Fqe.Config.defaults(3).withNetwork(HIDDEN, 2).withIterations(2, 500));
        assertEquals(4000, fqe.initialStates());
        assertEquals(trueValue, fqe.value(), 0.05, "FQE estimate of the greedy IQL policy");
    }

    @Test
    void chainInSampleLearningAvoidsTheActionNaiveDqnOverestimates() {
        OfflineData chain = OfflineData.from(SyntheticProblems.chain(3000, 2), CHAIN_LENGTH);
        SelectorModel iql = Iql.train(chain, null, IqlConfig.defaults(STEPS, 1).withNetwork(HIDDEN, 2).withGamma(0.9),
                s -> { }).model();
        QLearningConfig dqnConfig = QLearningConfig.dqn(STEPS, 1).withNetwork(HIDDEN, 2).withGamma(0.9);
        SelectorModel dqn = OfflineDqn.train(chain, null, dqnConfig, s -> { }).model();
        double scale = RewardScaling.MAX_ABS.fit(chain.rewards())[1];
        float[] start = SyntheticProblems.oneHot(0, CHAIN_LENGTH);

        // Naive DQN bootstraps max over all emotions, so the never-logged early gamble looks best from the start,
        // although it truly pays -1 there; the in-data optimum from state 0 is worth 0.9^3 * 1.2.
        double inDataOptimum = Math.pow(0.9, FIRST_GAMBLE_STATE) * 1.2 / scale;
        assertEquals(GAMBLE, dqn.act(start), "DQN takes the unseen action");
        assertTrue(dqn.q(start)[GAMBLE] > inDataOptimum,
                "DQN's Q(s0, gamble) = " + dqn.q(start)[GAMBLE] + " beats everything the data supports");

        for (int s = 0; s < CHAIN_LENGTH; s++) {
            float[] x = SyntheticProblems.oneHot(s, CHAIN_LENGTH);
            assertEquals(SyntheticProblems.chainInDataOptimum(s), iql.act(x), "IQL in state " + s);
        }
        // Conservative Q-learning, DQN plus the CQL penalty, also stays on the data's support.
        SelectorModel cql = DiscreteCql.train(chain, null,
                QLearningConfig.cql(STEPS, 1).withNetwork(HIDDEN, 2).withGamma(0.9), s -> { }).model();
        for (int s = 0; s < FIRST_GAMBLE_STATE; s++) {
            assertNotEquals(GAMBLE, cql.act(SyntheticProblems.oneHot(s, CHAIN_LENGTH)), "CQL in state " + s);
        }
    }

    @Test
    void emotionsAbsentFromTheDataAreNeverChosen() {
        SelectorModel model = bandit();
        boolean[] allowed = new boolean[Emotion.COUNT];
        for (int a : SyntheticProblems.BANDIT_ACTIONS) {
            allowed[a] = true;
        }
        assertArrayEquals(allowed, model.mask());
        SplittableRandom rng = new SplittableRandom(11);
        for (int i = 0; i < 500; i++) {
            float[] s = new float[CONTEXTS];
            for (int j = 0; j < s.length; j++) {
                s[j] = (float) (3 * SyntheticProblems.gaussian(rng));
            }
            double[] p = model.actionProbabilities(s);
            double sum = 0;
            for (int a = 0; a < Emotion.COUNT; a++) {
                if (!allowed[a]) {
                    assertEquals(0.0, p[a], "probability of unseen emotion " + a);
                }
                sum += p[a];
            }
            assertEquals(1.0, sum, 1e-9);
            assertTrue(allowed[model.act(s)]);
            assertTrue(allowed[model.sample(s, 5.0, rng)], "hot sampling still respects the mask");
        }
    }

    @Test
    void sameSeedGivesBitIdenticalWeightsAnotherSeedDoesNot() {
        OfflineData data = OfflineData.from(SyntheticProblems.chain(500, 3), CHAIN_LENGTH);
        IqlConfig cfg = IqlConfig.defaults(60, 42).withNetwork(32, 2);
        TrainingRun a = Iql.train(data, null, cfg, s -> { });
        TrainingRun b = Iql.train(data, null, cfg, s -> { });
        TrainingRun c = Iql.train(data, null, cfg.withSeed(43), s -> { });
        for (DenseNet[] pair : new DenseNet[][]{{a.model().actor(), b.model().actor()}, {a.model().q1(), b.model().q1()},
                {a.model().q2(), b.model().q2()}, {a.model().v(), b.model().v()}}) {
            assertTrue(Arrays.deepEquals(pair[0].weights(), pair[1].weights()));
            assertTrue(Arrays.deepEquals(pair[0].biases(), pair[1].biases()));
        }
        assertEquals(a.curves(), b.curves());
        assertFalse(Arrays.deepEquals(a.model().actor().weights(), c.model().actor().weights()));
    }

    @Test
    void trainingCurvesAreRecordedAndFinite() {
        OfflineData data = OfflineData.from(SyntheticProblems.chain(500, 4), CHAIN_LENGTH);
        TrainingRun run = Iql.train(data, null, IqlConfig.defaults(100, 1).withNetwork(16, 1), s -> { });
        assertEquals(50, run.curves().size(), "a point every steps / 50 steps");
        assertEquals(100, run.curves().get(49).path("step").asInt());
        for (String name : new String[]{"v_loss", "q_loss", "policy_loss", "mean_advantage"}) {
            assertTrue(Double.isFinite(run.curves().get(49).path(name).asDouble(Double.NaN)), name);
        }
        double early = run.curves().get(0).path("q_loss").asDouble();
        double late = run.curves().get(49).path("q_loss").asDouble();
        assertTrue(late < early, "Q loss falls: " + early + " -> " + late);
    }

    @Test
    void badConfigurationsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> IqlConfig.defaults(10, 1).withLearning(1.0, 3,
                RewardScaling.MAX_ABS));
        assertThrows(IllegalArgumentException.class, () -> IqlConfig.defaults(10, 1).withGamma(1.5));
        assertThrows(IllegalArgumentException.class, () -> IqlConfig.defaults(0, 1));
        OfflineData data = OfflineData.from(SyntheticProblems.chain(10, 1), CHAIN_LENGTH);
        assertThrows(IllegalArgumentException.class, () -> Iql.train(data, StateSchema.DEFAULT,
                IqlConfig.defaults(1, 1), s -> { }), "a 5-feature dataset under the 82-feature schema");
    }

    private static java.util.function.Function<float[], double[]> greedy(SelectorModel model) {
        return s -> {
            double[] p = new double[Emotion.COUNT];
            p[model.act(s)] = 1;
            return p;
        };
    }
}
