package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioFiles;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where a corpus's scenarios came from and which of them were held out, as recorded in its manifest and copied
 * into every artifact trained from it: {@code {"source": {...}, "train_ids": [...], "test_ids": [...]}}. It lets
 * {@code evaluate --scenarios test} rebuild exactly the held-out scenarios, and lets the harness refuse to evaluate
 * on scenarios an agent was trained on (the reference code leaked train into test).
 *
 * @param source   {"type": "generated", "count", "seed"} or {"type": "file", "sha256", "path"}
 * @param trainIds scenario ids on the training side
 * @param testIds  held-out scenario ids
 * @param domain   the corpus's domain
 */
public record ScenarioProvenance(JsonNode source, Set<String> trainIds, Set<String> testIds, Domain domain) {

    /** Reads the {@code scenarios} block (and the domain) of a corpus manifest or a checkpoint's provenance. */
    public static ScenarioProvenance fromJson(JsonNode scenarios, Domain domain, String where) {
        if (scenarios == null || !scenarios.has("source") || !scenarios.has("train_ids") || !scenarios.has("test_ids")) {
            throw new InputException(where + ": no scenario provenance (source, train_ids, test_ids)");
        }
        return new ScenarioProvenance(scenarios.get("source"), ids(scenarios.get("train_ids")),
                ids(scenarios.get("test_ids")), domain);
    }

    /** The provenance recorded in a corpus folder's manifest. */
    public static ScenarioProvenance ofCorpus(CorpusDir corpus) {
        ObjectNode m = corpus.manifest();
        Domain d = Domain.parse(m.path("config").path("domain").asText()).orElseThrow(
                () -> new InputException(corpus.manifestFile() + ", field 'config.domain': unknown domain"));
        return fromJson(m.get("scenarios"), d, corpus.manifestFile().toString());
    }

    private static Set<String> ids(JsonNode arr) {
        Set<String> out = new LinkedHashSet<>();
        arr.forEach(n -> out.add(n.asText()));
        return out;
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.set("source", source.deepCopy());
        ArrayNode train = o.putArray("train_ids");
        trainIds.forEach(train::add);
        ArrayNode test = o.putArray("test_ids");
        testIds.forEach(test::add);
        return o;
    }

    public List<Scenario> test() {
        return select(testIds);
    }

    public List<Scenario> train() {
        return select(trainIds);
    }

    /** Rebuilds the scenarios with the given ids from the recorded source, in source order. */
    public List<Scenario> select(Set<String> ids) {
        List<Scenario> all = all();
        Map<String, Scenario> byId = new HashMap<>();
        all.forEach(s -> byId.put(s.id(), s));
        for (String id : ids) {
            if (!byId.containsKey(id)) {
                throw new InputException("scenario '" + id + "' is not in the recorded source " + source);
            }
        }
        return all.stream().filter(s -> ids.contains(s.id())).toList();
    }

    private List<Scenario> all() {
        String type = source.path("type").asText();
        if (type.equals("generated")) {
            return ScenarioGenerator.generate(domain, source.path("count").asInt(), source.path("seed").asLong());
        }
        if (type.equals("file")) {
            Path file = Path.of(source.path("path").asText());
            if (!Files.isRegularFile(file)) {
                throw new InputException("the scenario file " + file + " recorded in the provenance is gone; pass "
                        + "--scenarios FILE with the same content");
            }
            String sha = Provenance.sha256(file);
            if (!sha.equals(source.path("sha256").asText())) {
                throw new InputException(file + " changed since the corpus was made (sha256 " + sha + " != "
                        + source.path("sha256").asText() + ")");
            }
            return ScenarioFiles.read(file).stream().filter(s -> s.domain() == domain).toList();
        }
        throw new InputException("unknown scenario source type '" + type + "'");
    }
}
