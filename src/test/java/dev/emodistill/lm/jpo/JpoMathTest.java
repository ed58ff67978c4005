package dev.emodistill.lm.jpo;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JpoMathTest {
    record Turn(String scenario, double score) {
    }

    @Test
    void advantagesAreZScoresWithinScenarioGroupsAndSmallGroupsAreDropped() {
        List<Turn> turns = List.of(new Turn("a", 2), new Turn("a", 4), new Turn("a", 6), new Turn("a", 8),
                new Turn("b", 9), new Turn("b", 1), new Turn("b", 5),
                new Turn("c", 7), new Turn("c", 7), new Turn("c", 7), new Turn("c", 7));
        var r = JpoGroups.advantages(turns, Turn::scenario, Turn::score);
        assertEquals(2, r.groupsKept());
        assertEquals(1, r.groupsDropped());
        assertEquals(3, r.itemsDropped());
        Map<String, List<Double>> byGroup = r.items().stream().collect(Collectors.groupingBy(JpoGroups.Scored::group,
                Collectors.mapping(JpoGroups.Scored::advantage, Collectors.toList())));
        double sd = Math.sqrt(5); // scores 2,4,6,8: mean 5, population variance 5
        assertEquals(List.of(-3 / sd, -1 / sd, 1 / sd, 3 / sd), byGroup.get("a"));
        assertEquals(List.of(0.0, 0.0, 0.0, 0.0), byGroup.get("c"), "equal scores carry no preference");
    }

    @Test
    void extremeAdvantagesAreClipped() {
        List<Turn> turns = new java.util.ArrayList<>();
        for (int i = 0; i < 400; i++) {
            turns.add(new Turn("a", 5));
        }
        turns.add(new Turn("a", 10));
        var r = JpoGroups.advantages(turns, Turn::scenario, Turn::score);
        assertEquals(JpoGroups.CLIP, r.items().get(400).advantage(), 1e-12, "z = 20 unclipped");
    }

    @Test
    void theClippedSurrogateAndK3MatchHandComputedValues() {
        double[] same = {-1.0, -2.0};
        assertEquals(1.0, JpoLoss.ratio(same, same), 1e-12);
        assertEquals(0.0, JpoLoss.k3(same, same), 1e-12);
        assertEquals(Math.exp(0.5), JpoLoss.ratio(new double[] {-0.5, -1.5}, same), 1e-12);
        // positive advantage: gains above 1 + eps are not rewarded
        assertEquals(-1.2 * 2, JpoLoss.surrogate(1.5, 2), 1e-12);
        assertEquals(-0.5 * 2, JpoLoss.surrogate(0.5, 2), 1e-12);
        // negative advantage: the pessimistic side is kept
        assertEquals(1.5 * 2, JpoLoss.surrogate(1.5, -2), 1e-12);
        assertEquals(0.8 * 2, JpoLoss.surrogate(0.5, -2), 1e-12);
        double d = 0.3;
        assertEquals(Math.exp(d) - d - 1, JpoLoss.k3(new double[] {-1.3}, new double[] {-1.0}), 1e-12);
        assertTrue(JpoLoss.k3(new double[] {-0.7}, new double[] {-1.0}) > 0);
        assertEquals(JpoLoss.surrogate(1, 1) + JpoLoss.KL_BETA * 0, JpoLoss.loss(same, same, same, 1), 1e-12);
    }
}
