package dev.emodistill.eval;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GroupTestsTest {
    private static final List<double[]> SEPARATED = List.of(
            new double[] {1, 2, 3}, new double[] {4, 5, 6}, new double[] {7, 8, 9});

    @Test
    void kruskalWallisOnAHandWorkedExample() {
        // N = 9, no ties, rank sums 6, 15, 24 with n_i = 3:
        // H = 12 / (9·10) · (6² + 15² + 24²)/3 − 3·10 = 0.1333… · 279 − 30 = 37.2 − 30 = 7.2
        // df = 2, so p = exp(−7.2/2) = exp(−3.6) ≈ 0.0273
        GroupTests.Result r = GroupTests.KruskalWallis.test(SEPARATED);
        assertEquals(7.2, r.statistic(), 1e-12);
        assertEquals(2, r.df());
        assertEquals(Math.exp(-3.6), r.p(), 1e-12);
        assertEquals(3, r.groups());
        assertEquals(9, r.n());
    }

    @Test
    void kruskalWallisCorrectsForTies() {
        // pooled 1,2,2,2,3,4 → ranks 1,3,3,3,5,6; A = {1,2,2} has R = 1+3+3 = 7, B = {2,3,4} has R = 3+5+6 = 14
        // uncorrected H = 12/(6·7) · (7² + 14²)/3 − 3·7 = (12/42)(245/3) − 21 = 23.333… − 21 = 2.333…
        // one tie block of t = 3: C = 1 − (27 − 3)/(216 − 6) = 1 − 24/210 = 186/210
        // H = 2.333… / (186/210) = 2.6344…   (scipy.stats.kruskal agrees: 2.634408602150532, p 0.104570993064373)
        GroupTests.Result r = GroupTests.KruskalWallis.test(List.of(new double[] {1, 2, 2}, new double[] {2, 3, 4}));
        double expected = (7.0 / 3) / (186.0 / 210);
        assertEquals(expected, r.statistic(), 1e-12);
        assertEquals(1, r.df());
        assertEquals(0.104570993064373, r.p(), 1e-12);
    }

    @Test
    void identicalGroupsGiveNoEvidence() {
        double[] same = {0.2, 0.5, 0.5, 0.9, 0.0, 0.7};
        List<double[]> groups = List.of(same, same.clone(), same.clone(), same.clone());
        GroupTests.Result kw = GroupTests.KruskalWallis.test(groups);
        assertEquals(0, kw.statistic(), 1e-9);
        assertTrue(kw.p() > 0.999, "p=" + kw.p());
        GroupTests.PermutationResult perm = GroupTests.permutationTest(groups, 999, 5);
        assertTrue(perm.p() > 0.99, "the observed grouping is the least extreme one possible: p=" + perm.p());
    }

    @Test
    void clearlyShiftedGroupsAreDetected() {
        List<double[]> groups = normalGroups(new double[] {0, 1, 2}, 30, 11);
        assertTrue(GroupTests.KruskalWallis.test(groups).p() < 0.001);
        GroupTests.PermutationResult perm = GroupTests.permutationTest(groups, 4999, 3);
        assertTrue(perm.p() < 0.001, "p=" + perm.p());
        assertEquals(1.0 / 5000, perm.p(), 1e-15, "no shuffle beats a three-standard-deviation spread");
    }

    @Test
    void permutationAgreesRoughlyWithTheChiSquareApproximation() {
        // The same evenly spread 15 values, shifted by 0, 0.31 and 0.62: a modest effect, p of a few percent.
        List<double[]> groups = new ArrayList<>();
        for (double shift : new double[] {0, 0.31, 0.62}) {
            double[] g = new double[15];
            for (int i = 0; i < g.length; i++) {
                g[i] = shift - 1 + 2.0 * i / (g.length - 1);
            }
            groups.add(g);
        }
        double kw = GroupTests.KruskalWallis.test(groups).p();
        assertTrue(kw > 0.002 && kw < 0.2, "a borderline example, so the comparison means something: " + kw);
        double permH = GroupTests.permutationTest(groups, GroupTests.Statistic.KRUSKAL_WALLIS_H, 20000, 1).p();
        double permSs = GroupTests.permutationTest(groups, GroupTests.Statistic.BETWEEN_GROUP_SS, 20000, 1).p();
        assertEquals(kw, permH, Math.max(0.005, 0.25 * kw), "same statistic, exact vs asymptotic null");
        assertTrue(permSs > kw / 3 && permSs < kw * 3, "different statistic, same evidence: " + permSs + " vs " + kw);
    }

    @Test
    void permutationOfRanksMatchesTheExactNullDistribution() {
        // Of the 9!/(3!·3!·3!) = 1680 ways to split 1..9 into three labelled groups of three, only the 3! = 6
        // perfectly separated ones reach H = 7.2, so the exact permutation p is 6/1680 ≈ 0.00357.
        GroupTests.PermutationResult r =
                GroupTests.permutationTest(SEPARATED, GroupTests.Statistic.KRUSKAL_WALLIS_H, 40000, 8);
        assertEquals(7.2, r.observed(), 1e-12);
        assertEquals(6.0 / 1680, r.p(), 0.0012);
    }

    @Test
    void permutationTestIsDeterministicPerSeed() {
        List<double[]> groups = normalGroups(new double[] {0, 0.2, 0.1, 0.3}, 12, 4);
        GroupTests.PermutationResult a = GroupTests.permutationTest(groups, 3000, 42);
        GroupTests.PermutationResult b = GroupTests.permutationTest(groups, 3000, 42);
        GroupTests.PermutationResult c = GroupTests.permutationTest(groups, 3000, 43);
        assertEquals(a, b);
        assertNotEquals(a.p(), c.p(), "another seed draws other shuffles");
        assertEquals(a.observed(), c.observed());
    }

    @Test
    void permutationPIsNeverZero() {
        GroupTests.PermutationResult r = GroupTests.permutationTest(SEPARATED, 99, 1);
        assertTrue(r.p() >= 1.0 / 100);
        assertEquals(99, r.permutations());
    }

    @Test
    void emptyGroupsAreIgnored() {
        List<double[]> withEmpty = new ArrayList<>(SEPARATED);
        withEmpty.add(1, new double[0]);
        withEmpty.add(new double[0]);
        assertEquals(GroupTests.KruskalWallis.test(SEPARATED), GroupTests.KruskalWallis.test(withEmpty));
        assertEquals(GroupTests.permutationTest(SEPARATED, 500, 2), GroupTests.permutationTest(withEmpty, 500, 2));
    }

    @Test
    void fewerThanTwoGroupsHaveNothingToCompare() {
        GroupTests.Result one = GroupTests.KruskalWallis.test(List.of(new double[] {1, 2, 3}, new double[0]));
        assertEquals(1, one.p());
        assertEquals(0, one.df());
        assertEquals(1, GroupTests.KruskalWallis.test(List.of()).p());
        assertEquals(1, GroupTests.permutationTest(List.of(new double[] {4, 5}), 10, 1).p());
    }

    @Test
    void allValuesTiedGivesPOne() {
        List<double[]> flat = List.of(new double[] {0, 0, 0}, new double[] {0, 0});
        GroupTests.Result r = GroupTests.KruskalWallis.test(flat);
        assertEquals(0, r.statistic());
        assertEquals(1, r.p());
        assertEquals(1, GroupTests.permutationTest(flat, GroupTests.Statistic.KRUSKAL_WALLIS_H, 50, 1).p());
        assertEquals(1, GroupTests.permutationTest(flat, 50, 1).p());
    }

    @Test
    void rejectsBadInput() {
        assertThrows(IllegalArgumentException.class,
                () -> GroupTests.KruskalWallis.test(List.of(new double[] {1, Double.NaN}, new double[] {2})));
        List<double[]> withNull = new ArrayList<>();
        withNull.add(null);
        assertThrows(IllegalArgumentException.class, () -> GroupTests.KruskalWallis.test(withNull));
        assertThrows(IllegalArgumentException.class, () -> GroupTests.permutationTest(SEPARATED, 0, 1));
    }

    private static List<double[]> normalGroups(double[] shifts, int size, long seed) {
        java.util.Random rng = new java.util.Random(seed);
        List<double[]> out = new ArrayList<>();
        for (double shift : shifts) {
            double[] g = new double[size];
            for (int i = 0; i < size; i++) {
                g[i] = shift + rng.nextGaussian();
            }
            out.add(g);
        }
        return out;
    }
}
