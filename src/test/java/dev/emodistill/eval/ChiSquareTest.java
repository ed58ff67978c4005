package dev.emodistill.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChiSquareTest {
    @Test
    void tabulatedFivePercentCriticalValues() {
        // The familiar 5 % critical values from any chi-square table.
        assertEquals(0.05, ChiSquare.survival(3.841, 1), 1e-4);
        assertEquals(0.05, ChiSquare.survival(5.991, 2), 1e-4);
        assertEquals(0.05, ChiSquare.survival(7.815, 3), 1e-4);
        assertEquals(0.05, ChiSquare.survival(124.342, 100), 1e-4);
        // and the same to full precision (scipy.stats.chi2.sf)
        assertEquals(0.050013683763956804, ChiSquare.survival(3.841, 1), 1e-14);
        assertEquals(0.049993902974883875, ChiSquare.survival(7.815, 3), 1e-14);
        assertEquals(0.05000071576997178, ChiSquare.survival(124.342, 100), 1e-13);
    }

    @Test
    void twoDegreesOfFreedomIsExponential() {
        for (double x : new double[] {0.1, 1, 5.991, 13.8, 50}) {
            assertEquals(Math.exp(-x / 2), ChiSquare.survival(x, 2), 1e-14);
        }
    }

    @Test
    void edgesOfTheSupport() {
        for (int df = 1; df <= 30; df++) {
            assertEquals(1, ChiSquare.survival(0, df));
            assertEquals(0, ChiSquare.cdf(0, df));
            assertEquals(1, ChiSquare.survival(-3, df));
        }
        // Far in the tail: tiny, but not lost to 1 − cdf (scipy: 6.0100776879208495e-214).
        double tail = ChiSquare.survival(1000, 5);
        assertTrue(tail > 0 && tail < 1e-200);
        assertEquals(6.0100776879208495e-214, tail, 1e-225);
        assertEquals(4.218541107192018e-43, ChiSquare.survival(200, 3), 1e-54);
        assertEquals(1, ChiSquare.cdf(1000, 5));
    }

    @Test
    void cdfAndSurvivalAddToOne() {
        for (double x = 0.5; x < 60; x += 1.7) {
            assertEquals(1, ChiSquare.cdf(x, 11) + ChiSquare.survival(x, 11), 1e-14);
        }
    }

    @Test
    void rejectsBadDegreesOfFreedom() {
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.survival(1, 0));
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.cdf(1, Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> ChiSquare.survival(Double.NaN, 1));
    }
}
