package dev.emodistill.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StatsTest {
    @Test
    void wilsonMatchesTheClosedForm() {
        // 8 successes of 10: a textbook Wilson 95 % interval is [0.490, 0.943]
        Stats.Interval i = Stats.wilson(8, 10);
        assertEquals(0.4902, i.low(), 1e-4);
        assertEquals(0.9433, i.high(), 1e-4);
        assertEquals(0.0, Stats.wilson(0, 20).low(), 1e-12);
        assertTrue(Stats.wilson(0, 20).high() > 0.1, "no successes still leaves room above zero");
    }

    @Test
    void bootstrapIntervalCoversTheMeanAndShrinksWithData() {
        java.util.SplittableRandom rng = new java.util.SplittableRandom(1);
        double[] small = new double[50];
        double[] large = new double[2000];
        for (int i = 0; i < large.length; i++) {
            double v = rng.nextDouble();
            large[i] = v;
            if (i < small.length) {
                small[i] = v;
            }
        }
        Stats.Interval s = Stats.bootstrapMean(small, 2000, 3);
        Stats.Interval l = Stats.bootstrapMean(large, 2000, 3);
        assertTrue(s.low() < Stats.mean(small) && Stats.mean(small) < s.high());
        assertTrue(l.width() < s.width() / 3, "about sqrt(40) narrower");
        assertEquals(Stats.bootstrapMean(small, 500, 9), Stats.bootstrapMean(small, 500, 9), "seeded");
    }

    @Test
    void clusteredBootstrapIsWiderWhenEpisodesOfAScenarioAreCorrelated() {
        int clusters = 20;
        int per = 10;
        double[] values = new double[clusters * per];
        String[] ids = new String[values.length];
        for (int c = 0; c < clusters; c++) {
            for (int k = 0; k < per; k++) {
                values[c * per + k] = c % 2;
                ids[c * per + k] = "s" + c;
            }
        }
        Stats.Interval naive = Stats.bootstrapMean(values, 2000, 1);
        Stats.Interval clustered = Stats.clusteredBootstrapMean(values, ids, 2000, 1);
        assertTrue(clustered.width() > 2 * naive.width(), naive + " vs " + clustered);
    }
}
