package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * An emotion Markov chain: the genome of the evolutionary baseline (DESIGN §8). It is an initial distribution over
 * the 28 emotions and a 28 × 28 transition matrix P(e_t | e_{t-1}), both stored as logits so that the genetic
 * operators (crossover, Gaussian mutation) act on an unconstrained space and every genome is a valid chain
 * (rows are the softmax of the logits). Immutable.
 */
public final class MarkovChain {
    private static final int N = Emotion.COUNT;
    /** Digits kept for the readable probability copy in JSON (the logits are the exact record). */
    private static final int PROBABILITY_DIGITS = 6;

    private final double[] initialLogits;
    private final double[][] transitionLogits;
    private final double[] initial;
    private final double[][] transition;

    private MarkovChain(double[] initialLogits, double[][] transitionLogits) {
        if (initialLogits.length != N || transitionLogits.length != N) {
            throw new IllegalArgumentException("a chain needs " + N + " initial logits and " + N + " rows");
        }
        this.initialLogits = initialLogits.clone();
        this.transitionLogits = new double[N][];
        this.transition = new double[N][];
        for (int i = 0; i < N; i++) {
            if (transitionLogits[i].length != N) {
                throw new IllegalArgumentException("transition row " + i + " has " + transitionLogits[i].length
                        + " logits, expected " + N);
            }
            this.transitionLogits[i] = transitionLogits[i].clone();
            this.transition[i] = softmax(this.transitionLogits[i]);
        }
        this.initial = softmax(this.initialLogits);
    }

    /** A chain from logits (copied). */
    public static MarkovChain ofLogits(double[] initialLogits, double[][] transitionLogits) {
        return new MarkovChain(initialLogits, transitionLogits);
    }

    /** All logits 0: every emotion equally likely at every turn, i.e. the random-emotion policy. */
    public static MarkovChain uniform() {
        return new MarkovChain(new double[N], new double[N][N]);
    }

    private static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException("logits must be finite, got " + v);
            }
            max = Math.max(max, v);
        }
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    public double[] initialLogits() {
        return initialLogits.clone();
    }

    /** Row {@code from} of the transition logits. */
    public double[] transitionLogits(int from) {
        return transitionLogits[from].clone();
    }

    public double[] initialProbabilities() {
        return initial.clone();
    }

    /** P(e_t | e_{t-1} = previous). */
    public double[] transitionProbabilities(Emotion previous) {
        return transition[previous.index()].clone();
    }

    /**
     * The next emotion: from the initial distribution when {@code previous} is null or the no-emotion control,
     * else from the previous emotion's row. One uniform draw per call, so a shared random stream stays aligned.
     */
    public Emotion sample(Emotion previous, SplittableRandom rng) {
        double[] p = row(previous);
        double u = rng.nextDouble();
        double cumulative = 0;
        for (int i = 0; i < N; i++) {
            cumulative += p[i];
            if (u < cumulative) {
                return Emotion.ofIndex(i);
            }
        }
        // Rounding can leave the cumulative sum a hair below 1; the last emotion with mass takes the remainder.
        for (int i = N - 1; i >= 0; i--) {
            if (p[i] > 0) {
                return Emotion.ofIndex(i);
            }
        }
        throw new IllegalStateException("a softmax row has no mass");
    }

    /** The most likely next emotion (ties: label order). */
    public Emotion mostLikely(Emotion previous) {
        double[] p = row(previous);
        int best = 0;
        for (int i = 1; i < N; i++) {
            if (p[i] > p[best]) {
                best = i;
            }
        }
        return Emotion.ofIndex(best);
    }

    private double[] row(Emotion previous) {
        return previous == null || previous.isControl() ? initial : transition[previous.index()];
    }

    /**
     * {"labels", "initial_logits", "transition_logits", "initial", "transition"}: the logits reproduce the chain
     * exactly; the rounded probabilities are there for people reading the file.
     */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        ArrayNode labels = o.putArray("labels");
        Emotion.GOEMOTIONS.forEach(e -> labels.add(e.label()));
        put(o.putArray("initial_logits"), initialLogits, -1);
        ArrayNode tl = o.putArray("transition_logits");
        for (double[] row : transitionLogits) {
            put(tl.addArray(), row, -1);
        }
        put(o.putArray("initial"), initial, PROBABILITY_DIGITS);
        ArrayNode tp = o.putArray("transition");
        for (double[] row : transition) {
            put(tp.addArray(), row, PROBABILITY_DIGITS);
        }
        return o;
    }

    private static void put(ArrayNode a, double[] values, int digits) {
        for (double v : values) {
            a.add(digits < 0 ? v : Json.round(v, digits));
        }
    }

    /** Reads a chain written by {@link #toJson}; {@code error} turns (field, reason) into an exception. */
    public static MarkovChain fromJson(JsonNode node, BiFunction<String, String, ? extends RuntimeException> error) {
        if (node == null || !node.isObject()) {
            throw error.apply("chain", "missing or not an object");
        }
        JsonNode labels = node.get("labels");
        if (labels == null || !labels.isArray() || labels.size() != N) {
            throw error.apply("labels", "missing or not the " + N + " emotion labels");
        }
        for (int i = 0; i < N; i++) {
            if (!Emotion.ofIndex(i).label().equals(labels.get(i).asText())) {
                throw error.apply("labels[" + i + "]", "expected '" + Emotion.ofIndex(i).label() + "', got "
                        + labels.get(i));
            }
        }
        double[] initial = vector(node.get("initial_logits"), "initial_logits", error);
        JsonNode rows = node.get("transition_logits");
        if (rows == null || !rows.isArray() || rows.size() != N) {
            throw error.apply("transition_logits", "missing or not " + N + " rows");
        }
        double[][] transition = new double[N][];
        for (int i = 0; i < N; i++) {
            transition[i] = vector(rows.get(i), "transition_logits[" + i + "]", error);
        }
        return new MarkovChain(initial, transition);
    }

    private static double[] vector(JsonNode a, String field, BiFunction<String, String, ? extends RuntimeException> error) {
        if (a == null || !a.isArray() || a.size() != N) {
            throw error.apply(field, "missing or not a list of " + N + " numbers");
        }
        double[] v = new double[N];
        for (int i = 0; i < N; i++) {
            if (!a.get(i).isNumber() || !Double.isFinite(a.get(i).asDouble())) {
                throw error.apply(field + "[" + i + "]", "not a finite number");
            }
            v[i] = a.get(i).asDouble();
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MarkovChain c && Arrays.equals(initialLogits, c.initialLogits)
                && Arrays.deepEquals(transitionLogits, c.transitionLogits);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(initialLogits) + Arrays.deepHashCode(transitionLogits);
    }
}
