package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.JsonLines;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The corpus line format: one episode per JSON line, schema-versioned. Reading validates everything a learner
 * relies on (types, enumerations, alternating speakers, outcome consistency) and names the file, line, field
 * and episode of the first problem, so a damaged corpus is never used silently.
 */
public final class EpisodeCodec {
    /** Version of the episode line layout; bumped on incompatible change. */
    public static final int SCHEMA_VERSION = 1;
    /** Probabilities are stored with this many decimals (enough for features, small files). */
    private static final int PROBABILITY_DECIMALS = 4;

    private EpisodeCodec() {
    }

    public static ObjectNode toJson(CorpusEpisode e) {
        ObjectNode o = Json.object();
        o.put("schema_version", SCHEMA_VERSION);
        o.put("episode_id", e.episodeId());
        o.put("scenario_id", e.scenarioId());
        o.put("domain", e.domain().id());
        o.put("persona", e.persona());
        o.put("policy", e.policy());
        o.put("seed_index", e.seedIndex());
        o.put("seed", e.seed());
        o.put("focal_target", e.focalTarget());
        o.put("counterparty_target", e.counterpartyTarget());
        o.put("tolerance", e.tolerance());
        o.put("horizon", e.horizon());
        o.put("outcome", e.outcome().label());
        putNullable(o, "deal_value", e.dealValue());
        o.put("utility", e.utility());
        o.put("rounds", e.rounds());
        if (e.endedBy() == null) {
            o.putNull("ended_by");
        } else {
            o.put("ended_by", e.endedBy().label());
        }
        if (e.error() == null) {
            o.putNull("error");
        } else {
            o.put("error", e.error());
        }
        ArrayNode turns = o.putArray("turns");
        for (CorpusTurn t : e.turns()) {
            ObjectNode j = turns.addObject();
            j.put("index", t.index());
            j.put("speaker", t.speaker().label());
            j.put("turn", t.turn());
            j.put("act", t.act().label());
            j.put("emotion", t.emotion().label());
            j.put("text", t.text());
            putNullable(j, "offer", t.offer());
            ArrayNode p = j.putArray("perceived");
            for (int k = 0; k < Emotion.COUNT; k++) {
                p.add(Json.round(t.perceived().probability(k), PROBABILITY_DECIMALS));
            }
            if (t.judgeScore() != null) {
                j.put("judge_score", t.judgeScore());
                j.put("judge_rationale", t.judgeRationale());
            }
        }
        return o;
    }

    private static void putNullable(ObjectNode o, String key, Double value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    /** Parses and validates one corpus line. */
    public static CorpusEpisode fromJson(JsonLines.Line line) {
        JsonNode n = line.node();
        if (!n.isObject()) {
            throw line.error(null, "expected a JSON object per line");
        }
        int version = integer(line, n, "schema_version");
        if (version != SCHEMA_VERSION) {
            throw line.error("schema_version", "corpus schema version " + version + " is "
                    + (version < SCHEMA_VERSION ? "older" : "newer") + " than this build's (" + SCHEMA_VERSION
                    + "); re-run the sweep with this version of emodistill");
        }
        String id = text(line, n, "episode_id");
        Reader r = new Reader(line, id);
        Domain domain = Domain.parse(r.text(n, "domain")).orElseThrow(() -> r.error("domain", "unknown domain"));
        Outcome outcome = r.enumValue(n, "outcome", Outcome.class);
        double utility = r.number(n, "utility");
        Double dealValue = r.nullableNumber(n, "deal_value");
        int rounds = integer(line, n, "rounds");
        JsonNode turnsNode = n.get("turns");
        if (turnsNode == null || !turnsNode.isArray()) {
            throw r.error("turns", "missing or not a list");
        }
        List<CorpusTurn> turns = new ArrayList<>(turnsNode.size());
        int focalTurns = 0;
        for (int i = 0; i < turnsNode.size(); i++) {
            CorpusTurn t = r.turn(turnsNode.get(i), i);
            Role expected = i % 2 == 0 ? Role.FOCAL : Role.COUNTERPARTY;
            if (t.speaker() != expected || t.index() != i || t.turn() != i / 2) {
                throw r.error("turns[" + i + "]", "messages must alternate focal first with index " + i
                        + " and turn " + i / 2);
            }
            focalTurns += t.isFocal() ? 1 : 0;
            turns.add(t);
        }
        if (rounds != focalTurns) {
            throw r.error("rounds", rounds + " rounds but " + focalTurns + " focal turns logged");
        }
        if (outcome == Outcome.DEAL && (dealValue == null || utility < 0 || utility > 1)) {
            throw r.error("deal_value", "a deal needs a deal value and a utility in [0, 1]");
        }
        if (outcome != Outcome.DEAL && (dealValue != null || utility != 0)) {
            throw r.error("utility", "a " + outcome.label() + " has no deal value and utility 0");
        }
        if (outcome != Outcome.ERROR && turns.isEmpty()) {
            throw r.error("turns", "a " + outcome.label() + " episode has no messages");
        }
        String endedBy = n.path("ended_by").isNull() ? null : r.text(n, "ended_by");
        JsonNode error = n.get("error");
        return new CorpusEpisode(id, r.text(n, "scenario_id"), domain, r.text(n, "persona"), r.text(n, "policy"),
                integer(line, n, "seed_index"), r.longValue(n, "seed"), r.number(n, "focal_target"),
                r.number(n, "counterparty_target"), r.number(n, "tolerance"), integer(line, n, "horizon"), outcome,
                dealValue, utility, rounds, endedBy == null ? null : r.role(endedBy, "ended_by"),
                error == null || error.isNull() ? null : error.asText(), turns);
    }

    private static int integer(JsonLines.Line line, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw line.error(field, v == null ? "missing" : "must be an integer, got " + v);
        }
        return v.asInt();
    }

    private static String text(JsonLines.Line line, JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw line.error(field, v == null ? "missing" : "must be a non-empty string, got " + v);
        }
        return v.asText();
    }

    /** Field access that names the episode in every error. */
    private record Reader(JsonLines.Line line, String episodeId) {
        InputException error(String field, String reason) {
            return line.error(field, "episode " + episodeId + ": " + reason);
        }

        String text(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || !v.isTextual()) {
                throw error(field, v == null ? "missing" : "must be a string, got " + v);
            }
            return v.asText();
        }

        double number(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
                throw error(field, v == null ? "missing" : "must be a finite number, got " + v);
            }
            return v.asDouble();
        }

        long longValue(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null || !v.isIntegralNumber()) {
                throw error(field, v == null ? "missing" : "must be an integer, got " + v);
            }
            return v.asLong();
        }

        Double nullableNumber(JsonNode n, String field) {
            JsonNode v = n.get(field);
            if (v == null) {
                throw error(field, "missing (use null for none)");
            }
            return v.isNull() ? null : number(n, field);
        }

        <E extends Enum<E>> E enumValue(JsonNode n, String field, Class<E> type) {
            String s = text(n, field);
            try {
                return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(field, "unknown value '" + s + "'");
            }
        }

        Role role(String s, String field) {
            for (Role role : Role.values()) {
                if (role.label().equals(s)) {
                    return role;
                }
            }
            throw error(field, "expected focal or counterparty, got '" + s + "'");
        }

        CorpusTurn turn(JsonNode t, int i) {
            String field = "turns[" + i + "]";
            if (t == null || !t.isObject()) {
                throw error(field, "expected an object");
            }
            Role speaker = role(text(t, "speaker"), field + ".speaker");
            Act act = enumValue(t, "act", Act.class);
            String emotionLabel = text(t, "emotion");
            Emotion emotion = Emotion.parse(emotionLabel)
                    .orElseThrow(() -> error(field + ".emotion", "unknown emotion '" + emotionLabel + "'"));
            JsonNode p = t.get("perceived");
            if (p == null || !p.isArray() || p.size() != Emotion.COUNT) {
                throw error(field + ".perceived", "expected " + Emotion.COUNT + " probabilities");
            }
            double[] w = new double[Emotion.COUNT];
            for (int k = 0; k < w.length; k++) {
                w[k] = p.get(k).asDouble(-1);
                if (!(w[k] >= 0 && w[k] <= 1.00001)) {
                    throw error(field + ".perceived", "probability " + k + " is not in [0, 1]: " + p.get(k));
                }
            }
            EmotionDistribution perceived;
            try {
                perceived = EmotionDistribution.of(w);
            } catch (IllegalArgumentException e) {
                throw error(field + ".perceived", e.getMessage());
            }
            Integer score = null;
            String rationale = null;
            JsonNode s = t.get("judge_score");
            if (s != null && !s.isNull()) {
                if (!s.isIntegralNumber() || s.asInt() < 1 || s.asInt() > 10) {
                    throw error(field + ".judge_score", "must be an integer 1-10, got " + s);
                }
                score = s.asInt();
                rationale = t.path("judge_rationale").asText("");
            }
            JsonNode offer = t.get("offer");
            Double offerValue = offer == null || offer.isNull() ? null : number(t, "offer");
            JsonNode index = t.get("index");
            JsonNode turn = t.get("turn");
            if (index == null || !index.isIntegralNumber() || turn == null || !turn.isIntegralNumber()) {
                throw error(field, "index and turn must be integers");
            }
            return new CorpusTurn(index.asInt(), speaker, turn.asInt(), act, emotion, text(t, "text"), offerValue,
                    perceived, score, rationale);
        }
    }
}
