package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * An evolved Markov-chain policy on disk: a folder with
 * <ul>
 *   <li>{@code manifest.json}: {@code kind}, {@code schema_version}, {@code algorithm}, {@code training_mode}
 *       ({@code online}: evolved by playing the simulator), the policy's report name, the config, the seed, the
 *       number of generations, the best and mean fitness of every generation, what the fitness measured (personas,
 *       training scenario ids, episodes per chain), the scenario provenance when known, the code version and
 *       {@code created_by};</li>
 *   <li>{@code chain.json}: the chain's logits (exact) and probabilities (rounded, for reading).</li>
 * </ul>
 * The chain is written before the manifest, each atomically, so a folder with a manifest is complete.
 */
public final class MarkovCheckpoint {
    public static final String KIND = "emodistill.evo-markov";
    /** Version of this folder layout. */
    public static final int SCHEMA_VERSION = 1;
    public static final String MANIFEST = "manifest.json";
    public static final String CHAIN = "chain.json";

    private MarkovCheckpoint() {
    }

    public static void save(Path dir, MarkovEvolutionResult result) {
        AtomicFiles.writeString(dir.resolve(CHAIN), Json.pretty(result.best().toJson()));
        AtomicFiles.writeString(dir.resolve(MANIFEST), Json.pretty(manifest(result)));
    }

    /** The manifest object written by {@link #save}. */
    public static ObjectNode manifest(MarkovEvolutionResult result) {
        ObjectNode m = Json.object();
        m.put("kind", KIND);
        m.put("schema_version", SCHEMA_VERSION);
        m.put("algorithm", "evo-markov");
        m.put("training_mode", "online");
        m.put("policy_name", result.policy().name());
        m.set("config", result.config().toJson());
        m.put("seed", result.seed());
        m.put("generations", result.generations());
        curve(m.putArray("best_fitness"), result.bestFitness());
        curve(m.putArray("mean_fitness"), result.meanFitness());
        m.put("final_best_fitness", result.finalBestFitness());
        m.set("fitness", result.fitness());
        result.scenarioProvenance().ifPresent(p -> {
            m.put("domain", p.domain().id());
            m.set("scenarios", p.toJson());
        });
        m.put("code_version", Provenance.codeVersion());
        m.set("created_by", Provenance.createdBy("train evo-markov"));
        return m;
    }

    private static void curve(ArrayNode a, List<Double> values) {
        values.forEach(a::add);
    }

    public static MarkovEvolutionResult load(Path dir) {
        Path manifestFile = dir.resolve(MANIFEST);
        JsonNode m = read(manifestFile, dir);
        BiFunction<String, String, InputException> error = (field, reason) ->
                InputException.at(manifestFile, 0, field, reason);
        if (!KIND.equals(m.path("kind").asText())) {
            throw error.apply("kind", "expected '" + KIND + "', got " + m.get("kind")
                    + " (not an evolved Markov-chain checkpoint)");
        }
        JsonNode version = m.get("schema_version");
        if (version == null || !version.isIntegralNumber() || version.asInt() != SCHEMA_VERSION) {
            throw error.apply("schema_version", "checkpoint layout version " + version + " is not this build's ("
                    + SCHEMA_VERSION + "); retrain it with this version of emodistill");
        }
        MarkovChainConfig config = MarkovChainConfig.fromJson(m.get("config"), error);
        JsonNode seed = m.get("seed");
        if (seed == null || !seed.isIntegralNumber()) {
            throw error.apply("seed", "missing or not an integer");
        }
        List<Double> best = numbers(m.get("best_fitness"), "best_fitness", error);
        List<Double> mean = numbers(m.get("mean_fitness"), "mean_fitness", error);
        if (best.isEmpty() || best.size() != mean.size()) {
            throw error.apply("best_fitness", "expected one entry per generation in best_fitness and mean_fitness");
        }
        ScenarioProvenance scenarios = null;
        if (m.hasNonNull("scenarios")) {
            Domain domain = Domain.parse(m.path("domain").asText()).orElseThrow(
                    () -> error.apply("domain", "unknown domain " + m.get("domain")));
            scenarios = ScenarioProvenance.fromJson(m.get("scenarios"), domain, manifestFile.toString());
        }
        Path chainFile = dir.resolve(CHAIN);
        MarkovChain chain = MarkovChain.fromJson(read(chainFile, dir),
                (field, reason) -> InputException.at(chainFile, 0, field, reason));
        ObjectNode fitness = m.get("fitness") instanceof ObjectNode o ? o : Json.object();
        return new MarkovEvolutionResult(chain, best, mean, config, seed.asLong(), fitness, scenarios);
    }

    private static List<Double> numbers(JsonNode a, String field, BiFunction<String, String, InputException> error) {
        if (a == null || !a.isArray()) {
            throw error.apply(field, "missing or not a list");
        }
        List<Double> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).isNumber()) {
                throw error.apply(field + "[" + i + "]", "not a number");
            }
            out.add(a.get(i).asDouble());
        }
        return out;
    }

    private static JsonNode read(Path file, Path dir) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(dir + " is not an evolved Markov-chain checkpoint: " + file.getFileName()
                    + " is missing");
        }
        try {
            JsonNode node = Json.MAPPER.readTree(file.toFile());
            if (node == null || !node.isObject()) {
                throw InputException.at(file, 0, null, "expected a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw InputException.at(file, 0, null, "not valid JSON: " + e.getMessage());
        }
    }
}
