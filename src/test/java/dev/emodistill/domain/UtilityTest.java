package dev.emodistill.domain;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UtilityTest {
    @Test
    void fewerIsBetterPolarity() {
        // debt: T_f = 10 days, T_c = 60 days
        assertEquals(1.0, Utility.of(10, 60, 10), 1e-12);
        assertEquals(0.0, Utility.of(10, 60, 60), 1e-12);
        assertEquals(0.5, Utility.of(10, 60, 35), 1e-12);
        assertEquals(1.0, Utility.of(10, 60, 3), 1e-12, "better than target clips to 1");
        assertEquals(0.0, Utility.of(10, 60, 90), 1e-12, "worse than counterparty target clips to 0");
    }

    @Test
    void moreIsBetterPolarity() {
        // disaster: T_f = 120 minutes, T_c = 60 minutes
        assertEquals(1.0, Utility.of(120, 60, 120), 1e-12);
        assertEquals(0.0, Utility.of(120, 60, 60), 1e-12);
        assertEquals(0.25, Utility.of(120, 60, 75), 1e-12);
    }

    @Test
    void spanIsSignedAndAtLeastOneUnit() {
        assertEquals(50, Utility.signedSpan(10, 60), 1e-12);
        assertEquals(-60, Utility.signedSpan(120, 60), 1e-12);
        assertEquals(1, Utility.signedSpan(10, 10.5), 1e-12);
        assertEquals(-1, Utility.signedSpan(10, 9.8), 1e-12);
        assertEquals(1, Utility.signedSpan(10, 10), 1e-12);
        assertEquals(0.5, Utility.of(10, 10.5, 10), 1e-12, "(10.5 - 10) / 1");
    }

    @Test
    void scenarioValueAtInvertsUtility() {
        Scenario s = new Scenario("x", Domain.MEDICAL, 45, 30, false, java.util.Map.of());
        for (double f = 0; f <= 1; f += 0.125) {
            assertEquals(f, s.utility(s.valueAt(f)), 1e-12);
        }
    }
}
