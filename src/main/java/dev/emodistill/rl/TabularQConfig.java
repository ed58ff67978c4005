package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.util.List;
import java.util.function.BiFunction;

/**
 * Hyper-parameters of {@link TabularQLearning}, each named once here.
 *
 * @param phaseBins     bins of t / H in the {@link StateDiscretiser} (3: opening, middle, endgame)
 * @param learningRate  step size of each tabular update; small, because the same noisy transitions are swept many
 *                      times and a small step averages their rewards instead of chasing the last one (0.01 beat
 *                      0.05 and 0.2 on held-out debt scenarios with a random-behaviour corpus)
 * @param gamma         discount of the bootstrapped next-cell value (0.99, as IQL, so the two are comparable)
 * @param sweeps        passes over the whole dataset, each in a freshly shuffled order (enough that even a pair seen
 *                      {@code minVisits} times gets over a thousand updates at the default rate)
 * @param minVisits     a (cell, emotion) pair seen fewer times than this is never chosen when acting: with a
 *                      handful of samples its Q value is mostly noise. A cell with no such pair falls back to the
 *                      globally best emotion
 * @param rewardScaling {@code max_abs} (divide rewards by the dataset's max |r|, IQL's default) or {@code none}
 */
public record TabularQConfig(int phaseBins, double learningRate, double gamma, int sweeps, int minVisits,
                             String rewardScaling) {
    public static final String MAX_ABS = "max_abs";
    public static final String NONE = "none";
    private static final List<String> SCALINGS = List.of(MAX_ABS, NONE);

    public static final TabularQConfig DEFAULT = new TabularQConfig(3, 0.01, 0.99, 300, 5, MAX_ABS);

    public TabularQConfig {
        if (phaseBins < 1) {
            throw new IllegalArgumentException("phase_bins must be at least 1, got " + phaseBins);
        }
        if (!(learningRate > 0 && learningRate <= 1)) {
            throw new IllegalArgumentException("learning_rate must be in (0, 1], got " + learningRate);
        }
        if (!(gamma >= 0 && gamma <= 1)) {
            throw new IllegalArgumentException("gamma must be in [0, 1], got " + gamma);
        }
        if (sweeps < 1) {
            throw new IllegalArgumentException("sweeps must be at least 1, got " + sweeps);
        }
        if (minVisits < 1) {
            throw new IllegalArgumentException("min_visits must be at least 1, got " + minVisits);
        }
        if (!SCALINGS.contains(rewardScaling)) {
            throw new IllegalArgumentException("reward_scaling must be one of " + SCALINGS + ", got '"
                    + rewardScaling + "'");
        }
    }

    public TabularQConfig withSweeps(int value) {
        return new TabularQConfig(phaseBins, learningRate, gamma, value, minVisits, rewardScaling);
    }

    public TabularQConfig withMinVisits(int value) {
        return new TabularQConfig(phaseBins, learningRate, gamma, sweeps, value, rewardScaling);
    }

    public TabularQConfig withGamma(double value) {
        return new TabularQConfig(phaseBins, learningRate, value, sweeps, minVisits, rewardScaling);
    }

    public TabularQConfig withRewardScaling(String value) {
        return new TabularQConfig(phaseBins, learningRate, gamma, sweeps, minVisits, value);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("phase_bins", phaseBins);
        o.put("learning_rate", learningRate);
        o.put("gamma", gamma);
        o.put("sweeps", sweeps);
        o.put("min_visits", minVisits);
        o.put("reward_scaling", rewardScaling);
        return o;
    }

    /** Reads a stored config; {@code error} turns (field, reason) into the exception to throw. */
    public static TabularQConfig fromJson(JsonNode node, BiFunction<String, String, ? extends RuntimeException> error) {
        if (node == null || !node.isObject()) {
            throw error.apply("config", "missing or not an object");
        }
        try {
            return new TabularQConfig(integer(node, "phase_bins", error), number(node, "learning_rate", error),
                    number(node, "gamma", error), integer(node, "sweeps", error), integer(node, "min_visits", error),
                    text(node, "reward_scaling", error));
        } catch (IllegalArgumentException e) {
            throw error.apply("config", e.getMessage());
        }
    }

    private static int integer(JsonNode node, String field, BiFunction<String, String, ? extends RuntimeException> error) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw error.apply("config." + field, "missing or not an integer");
        }
        return v.asInt();
    }

    private static double number(JsonNode node, String field, BiFunction<String, String, ? extends RuntimeException> error) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw error.apply("config." + field, "missing or not a number");
        }
        return v.asDouble();
    }

    private static String text(JsonNode node, String field, BiFunction<String, String, ? extends RuntimeException> error) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw error.apply("config." + field, "missing or not a string");
        }
        return v.asText();
    }
}
