package dev.emodistill.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Small, dependency-free statistics used by every summary: means, Wilson and bootstrap intervals. */
public final class Stats {
    /** z for a two-sided 95 % interval. */
    public static final double Z95 = 1.959963984540054;

    private Stats() {
    }

    /** A closed interval. */
    public record Interval(double low, double high) {
        public boolean overlaps(Interval other) {
            return low <= other.high && other.low <= high;
        }

        public double width() {
            return high - low;
        }
    }

    public static double mean(double[] xs) {
        if (xs.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s / xs.length;
    }

    /**
     * Wilson score interval for a binomial proportion (95 %): better than the normal approximation near 0 and 1
     * and with few episodes.
     */
    public static Interval wilson(long successes, long n) {
        if (n == 0) {
            return new Interval(0, 1);
        }
        double p = successes / (double) n;
        double z2 = Z95 * Z95;
        double denom = 1 + z2 / n;
        double centre = (p + z2 / (2 * n)) / denom;
        double half = Z95 * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denom;
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    /** Percentile bootstrap (95 %) of the mean, resampling individual values. */
    public static Interval bootstrapMean(double[] values, int resamples, long seed) {
        String[] clusters = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            clusters[i] = Integer.toString(i);
        }
        return clusteredBootstrapMean(values, clusters, resamples, seed);
    }

    /**
     * Percentile bootstrap (95 %) of the overall mean that resamples whole clusters (e.g. scenarios), since the
     * episodes of one scenario are correlated (DESIGN §10). Each resample draws as many clusters as there are,
     * with replacement, and takes the mean over all their values.
     */
    public static Interval clusteredBootstrapMean(double[] values, String[] clusterOf, int resamples, long seed) {
        if (values.length == 0) {
            return new Interval(Double.NaN, Double.NaN);
        }
        Map<String, List<Double>> byCluster = new LinkedHashMap<>();
        for (int i = 0; i < values.length; i++) {
            byCluster.computeIfAbsent(clusterOf[i], k -> new ArrayList<>()).add(values[i]);
        }
        int k = byCluster.size();
        double[] sums = new double[k];
        int[] counts = new int[k];
        int c = 0;
        for (List<Double> vs : byCluster.values()) {
            for (double v : vs) {
                sums[c] += v;
            }
            counts[c] = vs.size();
            c++;
        }
        SplittableRandom rng = new SplittableRandom(seed);
        double[] means = new double[resamples];
        for (int b = 0; b < resamples; b++) {
            double s = 0;
            long n = 0;
            for (int j = 0; j < k; j++) {
                int pick = rng.nextInt(k);
                s += sums[pick];
                n += counts[pick];
            }
            means[b] = s / n;
        }
        Arrays.sort(means);
        return new Interval(percentile(means, 0.025), percentile(means, 0.975));
    }

    /** Linear-interpolated percentile of sorted values. */
    public static double percentile(double[] sorted, double q) {
        if (sorted.length == 1) {
            return sorted[0];
        }
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        double frac = pos - lo;
        return sorted[lo] * (1 - frac) + sorted[hi] * frac;
    }
}
