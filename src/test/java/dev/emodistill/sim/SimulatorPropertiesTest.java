package dev.emodistill.sim;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.eval.EmotionEffectStudy;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The known answer for the simulator (DESIGN §4.3): in the debt domain, with a fixed seed, (a) emotion
 * matters against vanilla, (b) no emotion is best against every persona, and (c) a state-dependent rule beats
 * the best fixed emotion on the hidden persona mix. All four domains are measured by `analyze sim` (see notes).
 */
class SimulatorPropertiesTest {
    @Test
    void emotionMattersDependsOnPersonaAndRewardsStateDependentChoice() {
        int n = 160;
        EmotionEffectStudy.Result r = EmotionEffectStudy.run(SimWorldTest.WORLD, Domain.DEBT,
                ScenarioGenerator.generate(Domain.DEBT, n, 3), Personas.training(), EmotionEffectStudy.DEFAULT_RULES,
                n, 3, 2, () -> { });
        assertEquals(3, r.checks().size());
        for (EmotionEffectStudy.Check c : r.checks()) {
            assertTrue(c.passed(), c.name() + ": " + c.detail());
        }
        // The best fixed emotion differs from the no-emotion control by a margin, not just a CI sliver.
        double control = r.cells("vanilla").stream().filter(c -> c.policy().equals("no-emotion")).findFirst()
                .orElseThrow().summary().expectedUtility();
        double best = r.cells("vanilla").stream().mapToDouble(c -> c.summary().expectedUtility()).max().orElseThrow();
        assertTrue(best - control > 0.05, "best " + best + " vs control " + control);
    }
}
