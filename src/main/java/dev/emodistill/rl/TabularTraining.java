package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.Json;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * How a tabular policy was trained, for its checkpoint's provenance: what data, which seed, and how the fit went.
 *
 * @param seed          the training seed (shuffles the sweep order)
 * @param datasetPath   the transitions file, or null when trained from memory
 * @param datasetSha256 SHA-256 of that file, or null
 * @param corpusPath    the corpus the dataset was built from (its header's source), or null
 * @param corpusSha256  that corpus's SHA-256, or null
 * @param rewardName    the dataset's reward, or null
 * @param transitions   transitions trained on
 * @param rewardScale   what rewards were divided by (1 without scaling)
 * @param tdCurve       mean |TD error| of each sweep, in order; it should fall as the table settles
 * @param cellsSeen     cells with at least one transition
 * @param scenarios     the scenario provenance of the corpus (train/test ids), or null if not recorded
 */
public record TabularTraining(long seed, String datasetPath, String datasetSha256, String corpusPath,
                              String corpusSha256, String rewardName, int transitions, double rewardScale,
                              List<Double> tdCurve, int cellsSeen, ScenarioProvenance scenarios) {

    public TabularTraining {
        tdCurve = List.copyOf(tdCurve);
    }

    /** The same record with the corpus's scenario provenance attached (so evaluation can find the test ids). */
    public TabularTraining withScenarios(ScenarioProvenance value) {
        return new TabularTraining(seed, datasetPath, datasetSha256, corpusPath, corpusSha256, rewardName,
                transitions, rewardScale, tdCurve, cellsSeen, value);
    }

    public Optional<ScenarioProvenance> scenarioProvenance() {
        return Optional.ofNullable(scenarios);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("seed", seed);
        ObjectNode d = o.putObject("dataset");
        d.put("path", datasetPath);
        d.put("sha256", datasetSha256);
        d.put("corpus_path", corpusPath);
        d.put("corpus_sha256", corpusSha256);
        d.put("reward", rewardName);
        d.put("transitions", transitions);
        o.put("reward_scale", rewardScale);
        o.put("cells_seen", cellsSeen);
        ArrayNode curve = o.putArray("td_curve");
        tdCurve.forEach(curve::add);
        if (scenarios != null) {
            o.put("domain", scenarios.domain().id());
            o.set("scenarios", scenarios.toJson());
        }
        return o;
    }

    /** Reads the block written by {@link #toJson}; {@code error} turns (field, reason) into an exception. */
    public static TabularTraining fromJson(JsonNode node, String where,
                                           BiFunction<String, String, ? extends RuntimeException> error) {
        if (node == null || !node.isObject()) {
            throw error.apply("training", "missing or not an object");
        }
        JsonNode d = node.path("dataset");
        JsonNode seed = node.get("seed");
        if (seed == null || !seed.isIntegralNumber()) {
            throw error.apply("training.seed", "missing or not an integer");
        }
        List<Double> curve = new ArrayList<>();
        node.path("td_curve").forEach(v -> curve.add(v.asDouble()));
        ScenarioProvenance scenarios = null;
        if (node.hasNonNull("scenarios")) {
            Domain domain = Domain.parse(node.path("domain").asText()).orElseThrow(
                    () -> error.apply("training.domain", "unknown domain " + node.get("domain")));
            scenarios = ScenarioProvenance.fromJson(node.get("scenarios"), domain, where);
        }
        return new TabularTraining(seed.asLong(), text(d, "path"), text(d, "sha256"), text(d, "corpus_path"),
                text(d, "corpus_sha256"), text(d, "reward"), d.path("transitions").asInt(),
                node.path("reward_scale").asDouble(1), curve, node.path("cells_seen").asInt(), scenarios);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
