package dev.emodistill.eval;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GammaTest {
    @Test
    void logGammaMatchesFactorialsAndHalfIntegers() {
        double logFactorial = 0;
        for (int n = 1; n <= 30; n++) {
            // Γ(n) = (n-1)!
            assertEquals(logFactorial, Gamma.logGamma(n), 1e-12 * Math.max(1, logFactorial), "n=" + n);
            logFactorial += Math.log(n);
        }
        assertEquals(0.5 * Math.log(Math.PI), Gamma.logGamma(0.5), 1e-13);
        // Γ(2.5) = 3/4 √π
        assertEquals(Math.log(0.75 * Math.sqrt(Math.PI)), Gamma.logGamma(2.5), 1e-13);
        // Γ(x) ~ 1/x as x → 0
        assertEquals(-Math.log(1e-8), Gamma.logGamma(1e-8), 1e-7);
        // scipy.special.gammaln(171.5)
        assertEquals(709.1431630309283, Gamma.logGamma(171.5), 1e-10);
    }

    @Test
    void shapeOneIsTheExponentialDistribution() {
        for (double x : new double[] {0.01, 0.5, 1, 2, 5, 20, 100}) {
            assertEquals(Math.exp(-x), Gamma.regularizedQ(1, x), 1e-12 * Math.exp(-x), "relative, x=" + x);
            assertEquals(-Math.expm1(-x), Gamma.regularizedP(1, x), 1e-14);
        }
    }

    @Test
    void integerShapeIsAPoissonTail() {
        // Q(n, x) = e^-x Σ_{k<n} x^k/k!  (P(Poisson(x) < n))
        for (int n = 1; n <= 12; n++) {
            for (double x : new double[] {0.3, 2, n, 3.0 * n, 15}) {
                double term = Math.exp(-x);
                double sum = 0;
                for (int k = 0; k < n; k++) {
                    sum += term;
                    term *= x / (k + 1);
                }
                assertEquals(sum, Gamma.regularizedQ(n, x), 1e-13, "n=" + n + " x=" + x);
            }
        }
    }

    @Test
    void bothBranchesAgreeWithReferenceValues() {
        // references: scipy.special.gammaincc / gammainc
        assertEquals(0.04550026389635857, Gamma.regularizedQ(0.5, 2.0), 1e-14);
        assertEquals(0.06556292042202891, Gamma.regularizedP(3.5, 1.2), 1e-14);
        assertEquals(0.0001307839765914092, Gamma.regularizedQ(50, 80), 1e-16);
        assertEquals(0.3323984050405032, Gamma.regularizedP(0.1, 1e-5), 1e-13);
        assertEquals(0.9994500977342882, Gamma.regularizedQ(1000, 900), 1e-12);
    }

    @Test
    void pAndQAreComplementsAndMonotone() {
        double previous = 0;
        for (double x = 0; x <= 40; x += 0.25) {
            double p = Gamma.regularizedP(7.3, x);
            assertEquals(1, p + Gamma.regularizedQ(7.3, x), 1e-14);
            assertTrue(p >= previous, "P is a CDF in x");
            previous = p;
        }
        assertEquals(0, Gamma.regularizedP(2, 0));
        assertEquals(1, Gamma.regularizedQ(2, 0));
        assertEquals(0, Gamma.regularizedQ(2, Double.POSITIVE_INFINITY));
    }

    @Test
    void rejectsArgumentsOutsideTheDomain() {
        assertThrows(IllegalArgumentException.class, () -> Gamma.logGamma(0));
        assertThrows(IllegalArgumentException.class, () -> Gamma.logGamma(-1.5));
        assertThrows(IllegalArgumentException.class, () -> Gamma.regularizedP(0, 1));
        assertThrows(IllegalArgumentException.class, () -> Gamma.regularizedQ(1, -0.1));
        assertThrows(IllegalArgumentException.class, () -> Gamma.regularizedQ(1, Double.NaN));
    }
}
