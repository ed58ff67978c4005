package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.JsonLines;
import dev.emodistill.rl.StateSchema;

/**
 * Validation of the lines of a {@link TransitionDataset} file. A learner trusts every number it is fed, so a
 * damaged line is an error naming the file, line and field rather than a silently wrong gradient.
 */
final class TransitionReader {
    private TransitionReader() {
    }

    /** What line 1 says. */
    record Header(StateSchema schema, String rewardName, String rewardFormula, String sourcePath, String sourceSha256,
                  TransitionCounts counts) {
    }

    static Header header(JsonLines.Line line) {
        JsonNode n = line.node();
        if (!n.isObject()) {
            throw line.error(null, "expected the " + TransitionDataset.KIND + " header object");
        }
        String kind = n.path("kind").asText(null);
        if (!TransitionDataset.KIND.equals(kind)) {
            throw line.error("kind", "expected '" + TransitionDataset.KIND + "', got " + n.get("kind")
                    + "; is this a transition dataset?");
        }
        JsonNode version = n.get("schema_version");
        if (version == null || !version.isIntegralNumber()) {
            throw line.error("schema_version", "missing or not an integer");
        }
        if (version.asInt() != TransitionDataset.SCHEMA_VERSION) {
            throw line.error("schema_version", "dataset schema version " + version.asInt() + " is "
                    + (version.asInt() < TransitionDataset.SCHEMA_VERSION ? "older" : "newer") + " than this build's ("
                    + TransitionDataset.SCHEMA_VERSION + "); rebuild it with `emodistill dataset`");
        }
        StateSchema schema = StateSchema.fromJson(n.get("state_schema"), line::error);
        JsonNode dim = n.path("state_schema").get("dimension");
        if (dim != null && dim.asInt(-1) != schema.dimension()) {
            throw line.error("state_schema.dimension", "says " + dim + " but the feature names give "
                    + schema.dimension());
        }
        JsonNode counts = n.get("counts");
        if (counts == null || !counts.isObject()) {
            throw line.error("counts", "missing or not an object");
        }
        TransitionCounts c;
        try {
            c = new TransitionCounts(count(line, counts, "episodes_read"), count(line, counts, "episodes_used"),
                    count(line, counts.path("episodes_skipped"), "error", "counts.episodes_skipped.error"),
                    count(line, counts.path("episodes_skipped"), "no_emotion", "counts.episodes_skipped.no_emotion"),
                    count(line, counts, "transitions"));
        } catch (IllegalArgumentException e) {
            throw line.error("counts", e.getMessage());
        }
        return new Header(schema, text(line, n.path("reward"), "name", "reward.name"),
                text(line, n.path("reward"), "formula", "reward.formula"),
                n.path("source").path("path").asText(null), n.path("source").path("sha256").asText(null), c);
    }

    private static int count(JsonLines.Line line, JsonNode parent, String key) {
        return count(line, parent, key, "counts." + key);
    }

    private static int count(JsonLines.Line line, JsonNode parent, String key, String field) {
        JsonNode v = parent.get(key);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 0) {
            throw line.error(field, v == null ? "missing" : "must be a non-negative integer, got " + v);
        }
        return v.asInt();
    }

    private static String text(JsonLines.Line line, JsonNode parent, String key, String field) {
        JsonNode v = parent.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw line.error(field, v == null ? "missing" : "must be a non-empty string, got " + v);
        }
        return v.asText();
    }

    static Transition transition(JsonLines.Line line, int dimension) {
        JsonNode n = line.node();
        if (!n.isObject()) {
            throw line.error(null, "expected a transition object");
        }
        float[] s = state(line, n, "s", dimension);
        JsonNode a = n.get("a");
        if (a == null || !a.isIntegralNumber() || a.asInt() < 0 || a.asInt() >= Emotion.COUNT) {
            throw line.error("a", "must be an emotion index 0.." + (Emotion.COUNT - 1) + ", got " + a);
        }
        JsonNode r = n.get("r");
        if (r == null || !r.isNumber() || !Double.isFinite(r.asDouble())) {
            throw line.error("r", "must be a finite number, got " + r);
        }
        float[] s2 = state(line, n, "s2", dimension);
        boolean done = flag(line, n, "done");
        boolean timeout = flag(line, n, "timeout");
        if (done && timeout) {
            throw line.error("timeout", "a transition cannot be both done and a timeout");
        }
        JsonNode id = n.get("episode_id");
        if (id == null || !id.isTextual() || id.asText().isEmpty()) {
            throw line.error("episode_id", "must be a non-empty string, got " + id);
        }
        JsonNode t = n.get("t");
        if (t == null || !t.isIntegralNumber() || !t.canConvertToInt() || t.asInt() < 0) {
            throw line.error("t", "must be a non-negative integer, got " + t);
        }
        return new Transition(s, a.asInt(), r.asDouble(), s2, done, timeout, id.asText(), t.asInt());
    }

    private static float[] state(JsonLines.Line line, JsonNode n, String field, int dimension) {
        JsonNode v = n.get(field);
        if (v == null || !v.isArray()) {
            throw line.error(field, "missing or not a list");
        }
        if (v.size() != dimension) {
            throw line.error(field, "has " + v.size() + " values, the state schema has " + dimension);
        }
        float[] x = new float[dimension];
        for (int i = 0; i < dimension; i++) {
            JsonNode e = v.get(i);
            if (!e.isNumber() || !Float.isFinite((float) e.asDouble())) {
                throw line.error(field + "[" + i + "]", "must be a finite number, got " + e);
            }
            x[i] = (float) e.asDouble();
        }
        return x;
    }

    private static boolean flag(JsonLines.Line line, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isIntegralNumber() || (v.asInt() != 0 && v.asInt() != 1)) {
            throw line.error(field, "must be 0 or 1, got " + v);
        }
        return v.asInt() == 1;
    }
}
