package dev.emodistill.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Paired comparison of two agents on identical (scenario, persona, seed) triples, clustered by scenario
 * (DESIGN §10): the per-episode utility differences are averaged within each scenario, and the scenario means are
 * tested against zero with a sign-flip permutation test (exact enumeration up to 20 scenarios, 100,000 random
 * flips beyond), because episodes of one scenario are correlated and the differences need not be normal.
 *
 * @param meanDifference mean over scenarios of the per-scenario mean difference (b - a)
 * @param ci             95 % bootstrap interval of that mean, resampling scenarios
 * @param p              two-sided p-value of the sign-flip test
 * @param scenarios      number of scenario clusters
 * @param pairs          number of paired episodes
 */
public record PairedComparison(double meanDifference, Stats.Interval ci, double p, int scenarios, int pairs) {
    /** Above this many clusters the test samples sign flips instead of enumerating all 2^k. */
    public static final int EXACT_LIMIT = 20;
    public static final int RANDOM_FLIPS = 100_000;

    /**
     * @param a        utilities of the reference agent, paired index by index with {@code b}
     * @param b        utilities of the compared agent
     * @param scenario scenario id of each pair
     */
    public static PairedComparison of(double[] a, double[] b, String[] scenario, long seed) {
        if (a.length != b.length || a.length != scenario.length) {
            throw new IllegalArgumentException("paired arrays must have equal length");
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < a.length; i++) {
            double[] s = sums.computeIfAbsent(scenario[i], k -> new double[2]);
            s[0] += b[i] - a[i];
            s[1] += 1;
        }
        double[] means = new double[sums.size()];
        int k = 0;
        for (double[] s : sums.values()) {
            means[k++] = s[0] / s[1];
        }
        double observed = Stats.mean(means);
        String[] ids = new String[means.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = Integer.toString(i);
        }
        Stats.Interval ci = means.length == 0 ? new Stats.Interval(Double.NaN, Double.NaN)
                : Stats.clusteredBootstrapMean(means, ids, EpisodeSummary.RESAMPLES, seed);
        return new PairedComparison(observed, ci, signFlipP(means, seed), means.length, a.length);
    }

    /** Two-sided p-value of H0 "the scenario mean differences are symmetric around 0". */
    static double signFlipP(double[] d, long seed) {
        int n = d.length;
        if (n == 0) {
            return 1;
        }
        double observed = Math.abs(Arrays.stream(d).sum());
        double eps = 1e-12 * Math.max(1, observed);
        long atLeast = 0;
        long total;
        if (n <= EXACT_LIMIT) {
            total = 1L << n;
            for (long mask = 0; mask < total; mask++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += ((mask >>> i) & 1) == 0 ? d[i] : -d[i];
                }
                if (Math.abs(s) >= observed - eps) {
                    atLeast++;
                }
            }
            return atLeast / (double) total;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        total = RANDOM_FLIPS;
        for (long r = 0; r < total; r++) {
            double s = 0;
            for (double x : d) {
                s += rng.nextBoolean() ? x : -x;
            }
            if (Math.abs(s) >= observed - eps) {
                atLeast++;
            }
        }
        return (atLeast + 1) / (double) (total + 1);
    }

    /**
     * Holm's step-down correction of a family of p-values (controls the family-wise error rate): sort ascending,
     * p_adj(i) = max_{j <= i} min(1, (m - j) * p_(j)) with j counted from 0. Returns adjusted values in input order.
     */
    public static double[] holm(double[] p) {
        int m = p.length;
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Double.compare(p[x], p[y]));
        double[] adjusted = new double[m];
        double running = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            running = Math.max(running, Math.min(1, (m - rank) * p[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }

    /** Convenience for lists. */
    public static double[] holm(List<Double> p) {
        return holm(p.stream().mapToDouble(Double::doubleValue).toArray());
    }
}
