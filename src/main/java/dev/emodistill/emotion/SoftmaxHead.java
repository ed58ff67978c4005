package dev.emodistill.emotion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.util.List;

/**
 * A multinomial logistic-regression head over sentence embeddings: p = softmax(W·x + b) over the 28 labels.
 * Immutable; {@code weights[k]} holds the {@code dimension} weights of label k followed by its bias.
 *
 * @param dimension  embedding size
 * @param weights    28 rows of dimension + 1 values
 */
public record SoftmaxHead(int dimension, float[][] weights) {
    public static final String KIND = "emodistill.emotion-head";
    public static final int SCHEMA_VERSION = 1;

    public SoftmaxHead {
        if (weights.length != Emotion.COUNT) {
            throw new IllegalArgumentException("head needs " + Emotion.COUNT + " rows, got " + weights.length);
        }
        for (float[] row : weights) {
            if (row.length != dimension + 1) {
                throw new IllegalArgumentException("head row length must be dimension + 1 = " + (dimension + 1));
            }
        }
    }

    /** Label probabilities for one embedding. */
    public double[] probabilities(float[] x) {
        if (x.length != dimension) {
            throw new IllegalArgumentException("embedding has " + x.length + " values, head expects " + dimension);
        }
        double[] logits = new double[Emotion.COUNT];
        for (int k = 0; k < logits.length; k++) {
            float[] w = weights[k];
            double z = w[dimension];
            for (int j = 0; j < dimension; j++) {
                z += w[j] * x[j];
            }
            logits[k] = z;
        }
        return softmaxInPlace(logits);
    }

    static double[] softmaxInPlace(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double z : logits) {
            max = Math.max(max, z);
        }
        double sum = 0;
        for (int k = 0; k < logits.length; k++) {
            logits[k] = Math.exp(logits[k] - max);
            sum += logits[k];
        }
        for (int k = 0; k < logits.length; k++) {
            logits[k] /= sum;
        }
        return logits;
    }

    /** JSON with label names, so a head file is self-describing. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("kind", KIND);
        o.put("schema_version", SCHEMA_VERSION);
        o.put("dimension", dimension);
        ArrayNode labels = o.putArray("labels");
        Emotion.GOEMOTIONS.forEach(e -> labels.add(e.label()));
        ArrayNode rows = o.putArray("weights");
        for (float[] row : weights) {
            ArrayNode r = rows.addArray();
            for (float v : row) {
                r.add(v);
            }
        }
        return o;
    }

    /** Reads {@link #toJson()} output; throws {@link IllegalArgumentException} describing what is wrong. */
    public static SoftmaxHead fromJson(JsonNode o) {
        if (!KIND.equals(o.path("kind").asText())) {
            throw new IllegalArgumentException("not an emotion head (kind is '" + o.path("kind").asText() + "')");
        }
        if (o.path("schema_version").asInt() > SCHEMA_VERSION) {
            throw new IllegalArgumentException("head schema version " + o.path("schema_version").asInt() + " is newer than this build");
        }
        List<String> expected = Emotion.GOEMOTIONS.stream().map(Emotion::label).toList();
        JsonNode labels = o.path("labels");
        for (int i = 0; i < expected.size(); i++) {
            if (!expected.get(i).equals(labels.path(i).asText())) {
                throw new IllegalArgumentException("head labels must be the 28 GoEmotions labels in order; label "
                        + i + " is '" + labels.path(i).asText() + "'");
            }
        }
        int dimension = o.path("dimension").asInt();
        JsonNode rows = o.path("weights");
        float[][] w = new float[rows.size()][];
        for (int k = 0; k < w.length; k++) {
            JsonNode row = rows.get(k);
            w[k] = new float[row.size()];
            for (int j = 0; j < w[k].length; j++) {
                w[k][j] = (float) row.get(j).asDouble();
            }
        }
        return new SoftmaxHead(dimension, w);
    }
}
