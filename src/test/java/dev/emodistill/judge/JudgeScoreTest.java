package dev.emodistill.judge;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JudgeScoreTest {
    @Test
    void scoresOutsideOneToTenAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new JudgeScore(0, "x"));
        assertThrows(IllegalArgumentException.class, () -> new JudgeScore(11, "x"));
        assertEquals(1, new JudgeScore(1, "x").score());
        assertEquals(10, new JudgeScore(10, "x").score());
    }

    @Test
    void rationaleIsOneLine() {
        assertThrows(IllegalArgumentException.class, () -> new JudgeScore(5, "good\nbad"));
        assertThrows(IllegalArgumentException.class, () -> new JudgeScore(5, "good\rbad"));
        assertThrows(NullPointerException.class, () -> new JudgeScore(5, null));
        assertEquals("good offer; faults: none", JudgeScore.of(7, " good offer;\n  faults:\r\nnone ").rationale());
    }

    @Test
    void rewardIsTheDesignMapping() {
        assertEquals(-1, new JudgeScore(1, "").reward(), 1e-12);
        assertEquals(1, new JudgeScore(10, "").reward(), 1e-12);
        assertEquals(0.5 / 4.5, new JudgeScore(6, "").reward(), 1e-12);
    }
}
