package dev.emodistill.emotion;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * A probability distribution over the 28 GoEmotions labels, as a classifier perceives one text. Immutable;
 * the array is copied in and never handed out, so instances can be cached and shared across threads.
 */
public final class EmotionDistribution {
    private final double[] probabilities;

    private EmotionDistribution(double[] probabilities) {
        this.probabilities = probabilities;
    }

    /** Normalises non-negative weights (length 28) into a distribution. */
    public static EmotionDistribution of(double[] weights) {
        if (weights.length != Emotion.COUNT) {
            throw new IllegalArgumentException("expected " + Emotion.COUNT + " weights, got " + weights.length);
        }
        double sum = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weights must be finite and non-negative: " + Arrays.toString(weights));
            }
            sum += w;
        }
        if (sum <= 0) {
            throw new IllegalArgumentException("weights sum to zero");
        }
        double[] p = new double[Emotion.COUNT];
        for (int i = 0; i < p.length; i++) {
            p[i] = weights[i] / sum;
        }
        return new EmotionDistribution(p);
    }

    /** All mass on one label (for the control, all mass on neutral). */
    public static EmotionDistribution pure(Emotion emotion) {
        double[] p = new double[Emotion.COUNT];
        p[emotion.isControl() ? Emotion.NEUTRAL.index() : emotion.index()] = 1;
        return new EmotionDistribution(p);
    }

    public double probability(Emotion emotion) {
        return emotion.isControl() ? 0 : probabilities[emotion.index()];
    }

    public double probability(int index) {
        return probabilities[index];
    }

    /** A copy of the 28 probabilities in label order. */
    public double[] toArray() {
        return probabilities.clone();
    }

    /** The most probable label (lowest index wins ties, so the result is deterministic). */
    public Emotion top() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return Emotion.ofIndex(best);
    }

    /** The k most probable labels, most probable first. */
    public Emotion[] topK(int k) {
        Integer[] order = new Integer[Emotion.COUNT];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(probabilities[b], probabilities[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        Emotion[] top = new Emotion[Math.min(k, order.length)];
        for (int i = 0; i < top.length; i++) {
            top[i] = Emotion.ofIndex(order[i]);
        }
        return top;
    }

    /** Probability mass per Ekman group. */
    public Map<EkmanGroup, Double> ekman() {
        Map<EkmanGroup, Double> groups = new EnumMap<>(EkmanGroup.class);
        for (EkmanGroup g : EkmanGroup.values()) {
            groups.put(g, 0.0);
        }
        for (Emotion e : Emotion.GOEMOTIONS) {
            groups.merge(e.ekman(), probabilities[e.index()], Double::sum);
        }
        return groups;
    }

    /** Expected value of a per-emotion quantity, e.g. {@code Emotion::valence}. */
    public double expect(java.util.function.ToDoubleFunction<Emotion> f) {
        double sum = 0;
        for (Emotion e : Emotion.GOEMOTIONS) {
            sum += probabilities[e.index()] * f.applyAsDouble(e);
        }
        return sum;
    }

    /** Weighted mixture of distributions (weights need not sum to one). */
    public static EmotionDistribution mix(java.util.List<EmotionDistribution> parts, double[] weights) {
        double[] w = new double[Emotion.COUNT];
        for (int k = 0; k < parts.size(); k++) {
            for (int i = 0; i < w.length; i++) {
                w[i] += weights[k] * parts.get(k).probabilities[i];
            }
        }
        return of(w);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmotionDistribution d && Arrays.equals(probabilities, d.probabilities);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(probabilities);
    }

    @Override
    public String toString() {
        Emotion[] top = topK(3);
        StringBuilder sb = new StringBuilder("{");
        for (Emotion e : top) {
            if (sb.length() > 1) {
                sb.append(", ");
            }
            sb.append(e.label()).append('=').append(String.format(java.util.Locale.ROOT, "%.2f", probability(e)));
        }
        return sb.append(", ...}").toString();
    }
}
