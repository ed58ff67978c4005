package dev.emodistill.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Tests of "do these groups differ at all?" for the per-emotion study (DESIGN §10), where each group holds one
 * policy's per-episode utilities: the Kruskal–Wallis rank test (no normality assumed; utilities pile up at 0 for
 * failed deals) and a seeded permutation test that makes no distributional assumption at all.
 *
 * <p>Both ignore empty groups (an emotion that was never played says nothing about the others). With fewer than
 * two non-empty groups there is nothing to compare: the statistic is 0 and p = 1.
 */
public final class GroupTests {
    /**
     * Relative slack when comparing a permuted statistic with the observed one: the same partition summed in a
     * different order can differ in the last bits, and must still count as "at least as extreme".
     */
    private static final double TIE_SLACK = 1e-12;

    private GroupTests() {
    }

    /**
     * The outcome of the Kruskal–Wallis test.
     *
     * @param statistic H, tie-corrected
     * @param df        degrees of freedom: non-empty groups − 1 (0 when fewer than two)
     * @param p         upper-tail chi-square p-value of H with df degrees of freedom
     * @param groups    the number of non-empty groups compared
     * @param n         the number of observations in them
     */
    public record Result(double statistic, int df, double p, int groups, int n) {
    }

    /** The statistic a permutation test recomputes on every shuffle. */
    public enum Statistic {
        /**
         * Σ n_i (mean_i − grand mean)²: sensitive to differences in mean, which is what expected utility compares.
         * Since the total sum of squares does not change under permutation, this orders shuffles exactly as the
         * one-way ANOVA F does.
         */
        BETWEEN_GROUP_SS,
        /** The tie-corrected Kruskal–Wallis H: sensitive to shifts in location, robust to outliers. */
        KRUSKAL_WALLIS_H
    }

    /**
     * The outcome of a permutation test.
     *
     * @param statistic    which statistic was permuted
     * @param observed     its value on the real grouping
     * @param p            (1 + #shuffles with a statistic ≥ observed) / (1 + permutations); never 0
     * @param permutations the number of shuffles drawn
     * @param groups       the number of non-empty groups compared
     * @param n            the number of observations in them
     */
    public record PermutationResult(Statistic statistic, double observed, double p, int permutations, int groups,
                                    int n) {
    }

    /** The Kruskal–Wallis H test with the standard correction for ties. */
    public static final class KruskalWallis {
        private KruskalWallis() {
        }

        /**
         * H = [12 / (N(N+1)) · Σ R_i² / n_i − 3(N+1)] / C, where R_i is the rank sum of group i in the pooled
         * sample (ties get their average rank) and C = 1 − Σ(t³ − t)/(N³ − N) over tie blocks of size t; p from
         * χ²(k − 1). Empty groups are ignored. Fewer than two non-empty groups, or all values equal (C = 0, so
         * nothing can be ranked apart), give H = 0 and p = 1.
         *
         * @throws IllegalArgumentException if a group is null or holds NaN or an infinite value
         */
        public static Result test(List<double[]> groups) {
            List<double[]> used = nonEmpty(groups);
            int k = used.size();
            int n = totalSize(used);
            if (k < 2) {
                return new Result(0, 0, 1, k, n);
            }
            Ranking ranking = Ranking.of(used);
            if (ranking.tieCorrection() <= 0) {
                return new Result(0, k - 1, 1, k, n);
            }
            double h = h(ranking.ranks(), sizes(used), ranking.tieCorrection());
            return new Result(h, k - 1, ChiSquare.survival(h, k - 1), k, n);
        }
    }

    /** A permutation test with the between-group sum of squares as statistic. */
    public static PermutationResult permutationTest(List<double[]> groups, int permutations, long seed) {
        return permutationTest(groups, Statistic.BETWEEN_GROUP_SS, permutations, seed);
    }

    /**
     * A permutation test: the pooled values are shuffled across groups of the original sizes, {@code permutations}
     * times, and p = (1 + #shuffles whose statistic ≥ the observed one) / (1 + permutations), which counts the
     * observed grouping as one of the permutations and so is never 0. The same groups, count and seed give the
     * same p. Empty groups are ignored; fewer than two non-empty groups give p = 1.
     *
     * @throws IllegalArgumentException if permutations &lt; 1, or a group is null or holds NaN or an infinite value
     */
    public static PermutationResult permutationTest(List<double[]> groups, Statistic statistic, int permutations,
                                                    long seed) {
        if (permutations < 1) {
            throw new IllegalArgumentException("permutations must be >= 1, got " + permutations);
        }
        List<double[]> used = nonEmpty(groups);
        int k = used.size();
        int n = totalSize(used);
        if (k < 2) {
            return new PermutationResult(statistic, 0, 1, permutations, k, n);
        }
        int[] sizes = sizes(used);
        double[] pooled;
        double tieCorrection = 1;
        if (statistic == Statistic.KRUSKAL_WALLIS_H) {
            // Ranks are only reordered by a shuffle, so rank once and permute the ranks.
            Ranking ranking = Ranking.of(used);
            pooled = ranking.ranks();
            tieCorrection = ranking.tieCorrection();
            if (tieCorrection <= 0) {
                return new PermutationResult(statistic, 0, 1, permutations, k, n);
            }
        } else {
            pooled = concat(used, n);
        }
        double observed = evaluate(statistic, pooled, sizes, tieCorrection);
        double threshold = observed - TIE_SLACK * Math.max(1, Math.abs(observed));
        SplittableRandom rng = new SplittableRandom(seed);
        double[] shuffled = pooled.clone();
        int atLeast = 0;
        for (int b = 0; b < permutations; b++) {
            shuffle(shuffled, rng);
            if (evaluate(statistic, shuffled, sizes, tieCorrection) >= threshold) {
                atLeast++;
            }
        }
        double p = (1.0 + atLeast) / (1.0 + permutations);
        return new PermutationResult(statistic, observed, p, permutations, k, n);
    }

    private static double evaluate(Statistic statistic, double[] pooled, int[] sizes, double tieCorrection) {
        return statistic == Statistic.KRUSKAL_WALLIS_H
                ? h(pooled, sizes, tieCorrection)
                : betweenGroupSumOfSquares(pooled, sizes);
    }

    /** H from ranks laid out group after group in the order of {@code sizes}. */
    private static double h(double[] ranks, int[] sizes, double tieCorrection) {
        int n = ranks.length;
        double sum = 0;
        int at = 0;
        for (int size : sizes) {
            double rankSum = 0;
            for (int i = 0; i < size; i++) {
                rankSum += ranks[at++];
            }
            sum += rankSum * rankSum / size;
        }
        double h = 12.0 / (n * (n + 1.0)) * sum - 3.0 * (n + 1);
        // Rounding can leave a hair below zero when every group has the mean rank.
        return Math.max(0, h / tieCorrection);
    }

    /** Σ n_i (mean_i − grand mean)² for values laid out group after group. */
    private static double betweenGroupSumOfSquares(double[] values, int[] sizes) {
        double grand = Stats.mean(values);
        double ss = 0;
        int at = 0;
        for (int size : sizes) {
            double s = 0;
            for (int i = 0; i < size; i++) {
                s += values[at++];
            }
            double diff = s / size - grand;
            ss += size * diff * diff;
        }
        return ss;
    }

    private static void shuffle(double[] xs, SplittableRandom rng) {
        for (int i = xs.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            double t = xs[i];
            xs[i] = xs[j];
            xs[j] = t;
        }
    }

    private static List<double[]> nonEmpty(List<double[]> groups) {
        if (groups == null) {
            throw new IllegalArgumentException("groups is null");
        }
        List<double[]> out = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            double[] group = groups.get(g);
            if (group == null) {
                throw new IllegalArgumentException("group " + g + " is null");
            }
            for (int i = 0; i < group.length; i++) {
                if (!Double.isFinite(group[i])) {
                    throw new IllegalArgumentException("group " + g + " value " + i + " is not finite: " + group[i]);
                }
            }
            if (group.length > 0) {
                out.add(group);
            }
        }
        return out;
    }

    private static int totalSize(List<double[]> groups) {
        int n = 0;
        for (double[] g : groups) {
            n += g.length;
        }
        return n;
    }

    private static int[] sizes(List<double[]> groups) {
        return groups.stream().mapToInt(g -> g.length).toArray();
    }

    private static double[] concat(List<double[]> groups, int n) {
        double[] out = new double[n];
        int at = 0;
        for (double[] g : groups) {
            System.arraycopy(g, 0, out, at, g.length);
            at += g.length;
        }
        return out;
    }

    /**
     * Mid-ranks (1-based) of the pooled groups, laid out in the same group-after-group order as the input, and the
     * tie correction C = 1 − Σ(t³ − t)/(N³ − N).
     */
    private record Ranking(double[] ranks, double tieCorrection) {
        static Ranking of(List<double[]> groups) {
            int n = totalSize(groups);
            double[] values = concat(groups, n);
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
            double[] ranks = new double[n];
            double tieSum = 0;
            int i = 0;
            while (i < n) {
                int j = i;
                while (j + 1 < n && values[order[j + 1]] == values[order[i]]) {
                    j++;
                }
                // positions i..j (0-based) share the average of ranks i+1..j+1
                double midRank = (i + j + 2) / 2.0;
                for (int m = i; m <= j; m++) {
                    ranks[order[m]] = midRank;
                }
                double t = j - i + 1;
                tieSum += t * t * t - t;
                i = j + 1;
            }
            double nn = n;
            double correction = n < 2 ? 1 : 1 - tieSum / (nn * nn * nn - nn);
            return new Ranking(ranks, correction);
        }
    }
}
