package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.util.function.BiFunction;

/**
 * The reward map a learner trained with, r' = (r - shift) / scale, stored in checkpoints so that Q and V values
 * can be read back in the dataset's reward units.
 *
 * @param scaling which option produced it
 * @param shift   subtracted first (non-zero only for {@code standardize})
 * @param scale   divided by next (positive)
 */
public record RewardNormalisation(RewardScaling scaling, double shift, double scale) {

    public RewardNormalisation {
        if (!(scale > 0) || !Double.isFinite(scale) || !Double.isFinite(shift)) {
            throw new IllegalArgumentException("reward normalisation needs a finite positive scale, got shift "
                    + shift + " scale " + scale);
        }
    }

    /** The identity map. */
    public static final RewardNormalisation IDENTITY = new RewardNormalisation(RewardScaling.NONE, 0, 1);

    /** Normalised copies of the rewards. */
    public float[] apply(float[] rewards) {
        float[] out = new float[rewards.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) ((rewards[i] - shift) / scale);
        }
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("kind", scaling.label());
        o.put("shift", shift);
        o.put("scale", scale);
        return o;
    }

    public static RewardNormalisation fromJson(JsonNode node, BiFunction<String, String, ? extends RuntimeException> error) {
        if (node == null || !node.isObject()) {
            throw error.apply("reward_normalisation", "missing or not an object");
        }
        RewardScaling scaling;
        try {
            scaling = RewardScaling.parse(node.path("kind").asText());
        } catch (RuntimeException e) {
            throw error.apply("reward_normalisation.kind", e.getMessage());
        }
        if (!node.path("shift").isNumber() || !node.path("scale").isNumber()) {
            throw error.apply("reward_normalisation", "shift and scale must be numbers");
        }
        try {
            return new RewardNormalisation(scaling, node.get("shift").asDouble(), node.get("scale").asDouble());
        } catch (IllegalArgumentException e) {
            throw error.apply("reward_normalisation.scale", e.getMessage());
        }
    }
}
