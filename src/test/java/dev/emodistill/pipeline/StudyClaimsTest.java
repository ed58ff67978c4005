package dev.emodistill.pipeline;

import dev.emodistill.report.StudyResults.Claim;
import dev.emodistill.report.StudyResults.MethodRow;
import dev.emodistill.report.StudyResults.PersonaTransfer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verdicts follow the numbers, including the ones that go against the paper. */
class StudyClaimsTest {
    private static final List<String> DOMAINS = List.of("debt", "disaster", "student", "medical");

    private static MethodRow row(String domain, StudyMethod m, double eu) {
        return new MethodRow(domain, m.label(), 10, 0.5, null, eu, null, Double.NaN, null, Double.NaN, null);
    }

    /** Rows where every method has the given expected utility per domain; methods missing from a map are not run. */
    private static List<MethodRow> table(Map<StudyMethod, double[]> eu) {
        List<MethodRow> rows = new ArrayList<>();
        for (int i = 0; i < DOMAINS.size(); i++) {
            for (Map.Entry<StudyMethod, double[]> e : eu.entrySet()) {
                rows.add(row(DOMAINS.get(i), e.getKey(), e.getValue()[i]));
            }
        }
        return rows;
    }

    private static Claim claim(List<MethodRow> rows, int index) {
        return StudyClaims.evaluate(DOMAINS, rows, List.of(), List.of()).get(index);
    }

    @Test
    void fullStackBestInThreeOfFourDomainsHoldsAndInTwoDoesNot() {
        Map<StudyMethod, double[]> eu = new java.util.LinkedHashMap<>();
        eu.put(StudyMethod.FULL_STACK, new double[]{0.5, 0.5, 0.5, 0.3});
        eu.put(StudyMethod.RANDOM, new double[]{0.4, 0.4, 0.4, 0.4});
        Claim holds = claim(table(eu), 0);
        assertEquals(Boolean.TRUE, holds.holds(), holds.evidence());
        assertTrue(holds.evidence().startsWith("holds in 3 of 4 domains (needs 3)"), holds.evidence());
        assertTrue(holds.evidence().contains("medical: full stack 0.300 vs best other 0.400 (random emotions) (does not "
                + "hold)"), holds.evidence());

        eu.put(StudyMethod.NO_EMOTION, new double[]{0.6, 0.4, 0.4, 0.4});
        Claim fails = claim(table(eu), 0);
        assertEquals(Boolean.FALSE, fails.holds(), fails.evidence());
        assertEquals("does not hold", fails.verdict());
    }

    @Test
    void ablationsNeedTheWholeOrder() {
        Map<StudyMethod, double[]> eu = new java.util.LinkedHashMap<>();
        eu.put(StudyMethod.FULL_STACK, new double[]{0.5, 0.5, 0.5, 0.5});
        eu.put(StudyMethod.NO_JPO, new double[]{0.4, 0.4, 0.4, 0.4});
        eu.put(StudyMethod.EMOTION_FREE, new double[]{0.3, 0.3, 0.45, 0.3});
        eu.put(StudyMethod.IQL_ONLY, new double[]{0.2, 0.6, 0.2, 0.2});
        eu.put(StudyMethod.SFT_ONLY, new double[]{0.35, 0.35, 0.35, 0.35});
        Claim c = claim(table(eu), 1);
        // disaster fails on full > IQL only, student on no JPO > emotion-free: 2 of 4
        assertEquals(Boolean.FALSE, c.holds(), c.evidence());
        assertTrue(c.evidence().startsWith("holds in 2 of 4 domains"), c.evidence());
        eu.put(StudyMethod.IQL_ONLY, new double[]{0.2, 0.2, 0.2, 0.2});
        assertEquals(Boolean.TRUE, claim(table(eu), 1).holds());
        // the selector must add something over random emotions with the same expresser
        eu.put(StudyMethod.SFT_ONLY, new double[]{0.55, 0.55, 0.35, 0.35});
        Claim noSelectorGain = claim(table(eu), 1);
        assertEquals(Boolean.FALSE, noSelectorGain.holds(), noSelectorGain.evidence());
        assertTrue(noSelectorGain.evidence().contains("SFT only 0.550"), noSelectorGain.evidence());
    }

    @Test
    void aClaimWithoutItsNumbersIsNotTestedAndTheThresholdScalesWithTheDomainsMeasured() {
        Map<StudyMethod, double[]> eu = new java.util.LinkedHashMap<>();
        eu.put(StudyMethod.RANDOM, new double[]{0.4, 0.4, 0.4, 0.4});
        Claim c = claim(table(eu), 0);
        assertNull(c.holds());
        assertEquals("not tested", c.verdict());
        assertEquals(1, StudyClaims.needed(1));
        assertEquals(2, StudyClaims.needed(2));
        assertEquals(3, StudyClaims.needed(3));
        assertEquals(3, StudyClaims.needed(4));
        List<Claim> one = StudyClaims.evaluate(List.of("debt"), List.of(row("debt", StudyMethod.FULL_STACK, 0.5),
                row("debt", StudyMethod.RANDOM, 0.4)), List.of(), List.of());
        assertEquals(Boolean.TRUE, one.get(0).holds());
        assertTrue(one.get(0).text().contains("1 of the 1 domain run"), one.get(0).text());
    }

    @Test
    void personaMarginAveragesOverPersonas() {
        List<PersonaTransfer> p = new ArrayList<>();
        for (String d : DOMAINS) {
            double[] margins = d.equals("debt") ? new double[]{0.3, -0.1, -0.1} : new double[]{-0.2, 0.1, 0.05};
            String[] personas = {"stoic", "volatile", "empathic"};
            for (int i = 0; i < 3; i++) {
                p.add(new PersonaTransfer(d, personas[i], StudyMethod.FULL_STACK.label(), 0.5, null, margins[i]));
                p.add(new PersonaTransfer(d, personas[i], StudyMethod.VANILLA_SLM.label(), 0.5 - margins[i], null,
                        Double.NaN));
            }
        }
        Claim c = StudyClaims.evaluate(DOMAINS, List.of(), p, List.of()).get(2);
        assertEquals(Boolean.FALSE, c.holds(), c.evidence());
        assertTrue(c.evidence().contains("debt: mean margin +0.033 (stoic +0.300, volatile -0.100, empathic -0.100) "
                + "(holds)"), c.evidence());
        assertTrue(c.evidence().contains("student: mean margin -0.017"), c.evidence());
    }

    @Test
    void probesCompareSftWithTheBaseModel() {
        List<StudyClaims.ProbeScores> probes = List.of(new StudyClaims.ProbeScores("debt", 0.1, 0.3, 0.35),
                new StudyClaims.ProbeScores("disaster", 0.1, 0.2, 0.2),
                new StudyClaims.ProbeScores("student", 0.2, 0.1, 0.2),
                new StudyClaims.ProbeScores("medical", 0.1, 0.4, 0.4));
        Claim c = StudyClaims.evaluate(DOMAINS, List.of(), List.of(), probes).get(3);
        assertEquals(Boolean.TRUE, c.holds(), c.evidence());
        assertTrue(c.evidence().contains("student: intended emotion read 10.0% after SFT vs 20.0% from the base model"),
                c.evidence());
        Claim missing = StudyClaims.evaluate(DOMAINS, List.of(), List.of(),
                List.of(new StudyClaims.ProbeScores("debt", Double.NaN, 0.3, 0.3))).get(3);
        assertNull(missing.holds());
        assertFalse(missing.evidence().isEmpty());
    }
}
