package dev.emodistill.rl;

import dev.emodistill.corpus.Transition;
import dev.emodistill.emotion.EkmanGroup;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static dev.emodistill.rl.TabularStates.SCHEMA;
import static dev.emodistill.rl.TabularStates.state;
import static dev.emodistill.rl.TabularStates.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TabularQLearningTest {
    private static final float[] END = state(1.0, EkmanGroup.NEUTRAL, 0);

    /** One situation of the bandit problem: where, the best emotion, and the behaviour's favourite (not the best). */
    private record Case(float[] s, Emotion best, Emotion common, Emotion other) {
    }

    private static final List<Case> CASES = List.of(
            new Case(state(0.1, EkmanGroup.ANGER, 0), Emotion.GRATITUDE, Emotion.ANGER, Emotion.NEUTRAL),
            new Case(state(0.1, EkmanGroup.SADNESS, 0.05), Emotion.ANGER, Emotion.CARING, Emotion.JOY),
            new Case(state(0.5, EkmanGroup.ANGER, 0), Emotion.CARING, Emotion.GRATITUDE, Emotion.FEAR),
            new Case(state(0.9, EkmanGroup.JOY, 0.02), Emotion.SADNESS, Emotion.JOY, Emotion.ANGER),
            new Case(state(0.9, null, 0), Emotion.PRIDE, Emotion.NEUTRAL, Emotion.GRATITUDE));

    /**
     * One-step episodes (done = 1) in five cells. In each, the behaviour mostly plays a mediocre emotion, sometimes
     * a bad one, and rarely the best; rewards are noisy, so the best must be recovered from averages.
     */
    private static List<Transition> bandit(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        List<Transition> out = new ArrayList<>();
        int id = 0;
        for (Case c : CASES) {
            for (int k = 0; k < 40; k++) {
                out.add(step(c.s(), c.common(), 0.4 + 0.3 * (rng.nextDouble() - 0.5), END, true, "e" + id++, 0));
            }
            for (int k = 0; k < 15; k++) {
                out.add(step(c.s(), c.other(), -0.5 + 0.3 * (rng.nextDouble() - 0.5), END, true, "e" + id++, 0));
            }
            for (int k = 0; k < 8; k++) {
                out.add(step(c.s(), c.best(), 0.8 + 0.3 * (rng.nextDouble() - 0.5), END, true, "e" + id++, 0));
            }
        }
        return out;
    }

    @Test
    void recoversTheBestEmotionOfEveryCellEvenWhenTheDataRarelyPlaysIt() {
        TabularPolicy p = TabularQLearning.train(SCHEMA, bandit(1), TabularQConfig.DEFAULT, 7);
        for (Case c : CASES) {
            assertEquals(c.best(), p.act(c.s()), p.discretiser().label(p.discretiser().cell(c.s())));
            assertFalse(p.usesFallback(p.discretiser().cell(c.s())));
        }
        // The estimates converge to the (scaled) mean rewards of one-step episodes.
        int cell = p.discretiser().cell(CASES.get(0).s());
        double scale = p.training().rewardScale();
        assertEquals(0.8 / scale, p.table().q(cell, Emotion.GRATITUDE.index()), 0.06 / scale);
        assertEquals(0.4 / scale, p.table().q(cell, Emotion.ANGER.index()), 0.04 / scale);
    }

    @Test
    void bootstrapsThroughTheNextCellWithItsInSampleMaximum() {
        // In the opening, CURIOSITY pays 0.5 at once; ANGER pays nothing now but leads to a later cell where
        // GRATITUDE pays 1. With gamma 0.99 the patient route is worth 0.99 > 0.5.
        float[] opening = state(0.1, EkmanGroup.JOY, 0);
        float[] later = state(0.5, EkmanGroup.JOY, 0.05);
        List<Transition> data = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            data.add(step(opening, Emotion.CURIOSITY, 0.5, END, true, "a" + k, 0));
            data.add(step(opening, Emotion.ANGER, 0, later, false, "b" + k, 0));
            data.add(step(later, Emotion.GRATITUDE, 1, END, true, "b" + k, 1));
        }
        TabularPolicy p = TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT, 1);
        assertEquals(Emotion.ANGER, p.act(opening));
        assertEquals(Emotion.GRATITUDE, p.act(later));
        assertEquals(0.99, p.table().q(p.discretiser().cell(opening), Emotion.ANGER.index()), 1e-3);
    }

    @Test
    void untriedEmotionsDoNotInflateTheBootstrap() {
        // Now the later cell only ever lost (-1). If the zeros of never-tried emotions entered the max, the later
        // cell would look worth 0 and ANGER (0 now) would beat CURIOSITY (-0.5 now); in-sample it is worth -0.99.
        float[] opening = state(0.1, EkmanGroup.JOY, 0);
        float[] later = state(0.5, EkmanGroup.JOY, 0.05);
        List<Transition> data = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            data.add(step(opening, Emotion.CURIOSITY, -0.5, END, true, "a" + k, 0));
            data.add(step(opening, Emotion.ANGER, 0, later, false, "b" + k, 0));
            data.add(step(later, Emotion.GRATITUDE, -1, END, true, "b" + k, 1));
        }
        TabularPolicy p = TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT, 1);
        assertEquals(Emotion.CURIOSITY, p.act(opening));
    }

    @Test
    void aTimeoutStillBootstrapsButADealDoesNot() {
        float[] a = state(0.1, EkmanGroup.FEAR, 0);
        float[] b = state(0.5, EkmanGroup.FEAR, 0.05);
        List<Transition> data = new ArrayList<>();
        for (int k = 0; k < 10; k++) {
            data.add(new Transition(a, Emotion.ANGER.index(), 0, b, false, true, "t" + k, 0));
            data.add(new Transition(a, Emotion.JOY.index(), 0, b, true, false, "d" + k, 0));
            data.add(step(b, Emotion.FEAR, 1, END, true, "x" + k, 1));
        }
        TabularPolicy p = TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT, 1);
        int cell = p.discretiser().cell(a);
        assertEquals(0.99, p.table().q(cell, Emotion.ANGER.index()), 1e-3);
        assertEquals(0, p.table().q(cell, Emotion.JOY.index()), 1e-9);
    }

    @Test
    void cellsWithoutTrustedDataFallBackToTheGloballyBestEmotion() {
        List<Transition> data = new ArrayList<>(bandit(3));
        float[] sparse = state(0.5, EkmanGroup.SURPRISE, -0.1);
        // Two lucky samples are fewer than min_visits (5): not enough to trust SURPRISE in that cell.
        data.add(step(sparse, Emotion.SURPRISE, 5, END, true, "lucky1", 0));
        data.add(step(sparse, Emotion.SURPRISE, 5, END, true, "lucky2", 0));
        TabularPolicy p = TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT, 1);
        float[] unseen = state(0.5, EkmanGroup.DISGUST, 0.1);
        assertTrue(p.usesFallback(p.discretiser().cell(unseen)));
        assertTrue(p.usesFallback(p.discretiser().cell(sparse)));
        assertEquals(p.globalBest(), p.act(unseen));
        assertEquals(p.globalBest(), p.act(sparse));
        assertNotEquals(Emotion.SURPRISE, p.globalBest());
        // With min_visits 1 the two samples are enough.
        TabularPolicy trusting = TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT.withMinVisits(1), 1);
        assertEquals(Emotion.SURPRISE, trusting.act(sparse));
    }

    @Test
    void theFallbackIsAnEmotionSeenInTheData() {
        TabularPolicy p = TabularQLearning.train(SCHEMA, bandit(4), TabularQConfig.DEFAULT, 1);
        int total = 0;
        for (int c = 0; c < p.table().cells(); c++) {
            total += p.table().visits(c, p.globalBest().index());
        }
        assertTrue(total >= TabularQConfig.DEFAULT.minVisits());
        // Choices anywhere are emotions the data tried.
        for (int c = 0; c < p.table().cells(); c++) {
            int a = p.action(c).index();
            int seen = 0;
            for (int k = 0; k < p.table().cells(); k++) {
                seen += p.table().visits(k, a);
            }
            assertTrue(seen > 0, p.discretiser().label(c));
        }
    }

    @Test
    void rewardScalingDividesByTheLargestMagnitudeAndKeepsTheChoices() {
        List<Transition> data = bandit(5);
        TabularPolicy scaled = TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT, 1);
        TabularPolicy raw = TabularQLearning.train(SCHEMA, data,
                TabularQConfig.DEFAULT.withRewardScaling(TabularQConfig.NONE), 1);
        double max = data.stream().mapToDouble(t -> Math.abs(t.r())).max().orElseThrow();
        assertEquals(max, scaled.training().rewardScale(), 1e-12);
        assertEquals(1, raw.training().rewardScale());
        int cell = scaled.discretiser().cell(CASES.get(1).s());
        int a = Emotion.ANGER.index();
        assertEquals(raw.table().q(cell, a) / max, scaled.table().q(cell, a), 1e-9);
        for (int c = 0; c < scaled.table().cells(); c++) {
            assertEquals(raw.action(c), scaled.action(c));
        }
    }

    @Test
    void sameSeedSameTableAnotherSeedAnotherSweepOrder() {
        List<Transition> data = bandit(6);
        TabularPolicy a = TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT.withSweeps(20), 11);
        TabularPolicy b = TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT.withSweeps(20), 11);
        TabularPolicy c = TabularQLearning.train(SCHEMA, data, TabularQConfig.DEFAULT.withSweeps(20), 12);
        boolean differs = false;
        for (int cell = 0; cell < a.table().cells(); cell++) {
            for (int e = 0; e < Emotion.COUNT; e++) {
                assertEquals(a.table().q(cell, e), b.table().q(cell, e));
                differs |= a.table().q(cell, e) != c.table().q(cell, e);
            }
        }
        assertTrue(differs, "a constant step size makes the result depend on the sweep order, hence on the seed");
        assertEquals(a.training().tdCurve(), b.training().tdCurve());
    }

    @Test
    void theTdErrorFallsAsTheTableSettles() {
        TabularPolicy p = TabularQLearning.train(SCHEMA, bandit(8), TabularQConfig.DEFAULT, 1);
        List<Double> curve = p.training().tdCurve();
        assertEquals(TabularQConfig.DEFAULT.sweeps(), curve.size());
        assertTrue(curve.get(curve.size() - 1) < 0.5 * curve.get(0), curve.get(0) + " -> " + curve.get(curve.size() - 1));
    }

    @Test
    void badDataIsACleanInputError() {
        assertThrows(InputException.class, () -> TabularQLearning.train(SCHEMA, List.of(), TabularQConfig.DEFAULT, 1));
        List<Transition> nan = List.of(step(state(0, null, 0), Emotion.JOY, Double.NaN, END, true, "ep-7", 3));
        InputException e = assertThrows(InputException.class,
                () -> TabularQLearning.train(SCHEMA, nan, TabularQConfig.DEFAULT, 1));
        assertTrue(e.getMessage().contains("ep-7") && e.getMessage().contains("t=3"), e.getMessage());
        List<Transition> shortState = List.of(new Transition(new float[5], 0, 0, new float[5], true, false, "x", 0));
        assertThrows(InputException.class, () -> TabularQLearning.train(SCHEMA, shortState, TabularQConfig.DEFAULT, 1));
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> TabularQConfig.DEFAULT.withSweeps(0));
        assertThrows(IllegalArgumentException.class, () -> TabularQConfig.DEFAULT.withGamma(1.5));
        assertThrows(IllegalArgumentException.class, () -> TabularQConfig.DEFAULT.withRewardScaling("zscore"));
    }
}
