package dev.emodistill.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PairedComparisonTest {
    @Test
    void exactSignFlipPValuesAreKnown() {
        // five scenarios all improving: only all-plus and all-minus reach |sum|, p = 2/32
        assertEquals(2 / 32.0, PairedComparison.signFlipP(new double[]{1, 2, 3, 4, 5}, 1), 1e-12);
        // a mirror-symmetric set of differences gives p = 1
        assertEquals(1.0, PairedComparison.signFlipP(new double[]{1, -1, 2, -2}, 1), 1e-12);
        // |sum| = 9 of {1,2,3,4,-1}: signs reaching |s| >= 9: all but the 1s/-1 flip combos; count by hand = 6 of 32
        assertEquals(6 / 32.0, PairedComparison.signFlipP(new double[]{1, 2, 3, 4, -1}, 1), 1e-12);
    }

    @Test
    void clusteringAveragesEpisodesWithinAScenario() {
        double[] a = {0, 0, 0, 0, 0, 0};
        double[] b = {1, 1, 1, 3, 3, 3};
        String[] s = {"x", "x", "x", "y", "y", "y"};
        PairedComparison c = PairedComparison.of(a, b, s, 1);
        assertEquals(2, c.scenarios());
        assertEquals(6, c.pairs());
        assertEquals(2.0, c.meanDifference(), 1e-12);
        assertEquals(0.5, c.p(), 1e-12, "two clusters can never be significant, however many episodes");
    }

    @Test
    void manyScenariosUseRandomFlipsAndDetectAShift() {
        int n = 40;
        double[] a = new double[n];
        double[] b = new double[n];
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = 0.3 + 0.01 * (i % 7);
            b[i] = a[i] + 0.05 + 0.02 * Math.sin(i);
            s[i] = "s" + i;
        }
        PairedComparison c = PairedComparison.of(a, b, s, 3);
        assertTrue(c.p() < 1e-4, "p " + c.p());
        assertTrue(c.ci().low() > 0 && c.ci().high() < 0.1, c.ci().toString());
        assertEquals(c, PairedComparison.of(a, b, s, 3), "seeded");
    }

    @Test
    void holmStepDownMatchesAHandWorkedExample() {
        // sorted p: 0.01, 0.02, 0.04 -> 3*0.01 = 0.03, 2*0.02 = 0.04, max(0.04, 1*0.04) = 0.04
        assertArrayEquals(new double[]{0.04, 0.03, 0.04}, PairedComparison.holm(new double[]{0.04, 0.01, 0.02}), 1e-12);
        assertArrayEquals(new double[]{1.0, 1.0}, PairedComparison.holm(new double[]{0.6, 0.9}), 1e-12);
    }
}
