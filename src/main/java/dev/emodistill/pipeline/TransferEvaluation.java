package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.eval.EpisodeSummary;
import dev.emodistill.eval.Evaluation;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Tolerance;
import dev.emodistill.rl.LearnedPolicy;
import dev.emodistill.rl.SelectorCheckpoint;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.SimWorld;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One row of the transfer matrix: a selector trained without domain features on one domain, played with the
 * template expresser on every domain's held-out scenarios against the training personas.
 *
 * <p>This runs the {@link Evaluation} harness in-process rather than the {@code evaluate} command because
 * {@code evaluate} refuses a trained agent on another domain than its own (it checks the agent's provenance before
 * it looks at {@code --scenarios FILE}). The episodes, seeds and summary are exactly those {@code evaluate} would
 * produce; the test scenarios come straight from each domain's sweep manifest (its held-out ids), and the same leak
 * check is made: no evaluation scenario may be one the selector was trained on.
 */
public final class TransferEvaluation {
    private TransferEvaluation() {
    }

    /**
     * @param selector    checkpoint folder (trained with {@code --domain-features off})
     * @param testCorpora per test domain, a sweep corpus whose manifest lists that domain's held-out scenarios
     */
    public static ObjectNode run(Path selector, Map<Domain, Path> testCorpora, int seeds, long seed, int maxMessages,
                                 int workers) {
        SelectorCheckpoint.Loaded c = SelectorCheckpoint.load(selector);
        ObjectNode manifest = c.manifest();
        Domain trainDomain = Domain.parse(manifest.path("domain").asText()).orElseThrow(() -> new InputException(
                selector.resolve(SelectorCheckpoint.MANIFEST) + ", field 'domain': missing or unknown"));
        if (!manifest.has("scenarios")) {
            throw new InputException(selector.resolve(SelectorCheckpoint.MANIFEST) + ": no scenario provenance, so "
                    + "held-out scenarios cannot be checked");
        }
        Set<String> trainIds = ScenarioProvenance.fromJson(manifest.get("scenarios"), trainDomain,
                selector.resolve(SelectorCheckpoint.MANIFEST).toString()).trainIds();
        String name = "iql:" + selector;
        Evaluation.Agent agent = new Evaluation.Agent(name, k -> new LearnedPolicy(name, c.model(), 0));
        SimWorld world = new SimWorld(new ProtocolConfig(maxMessages, Tolerance.DEFAULT),
                Classifiers.builtin(HeadRole.PERCEPTION));
        ObjectNode o = Json.object();
        o.put("selector", selector.toString());
        o.put("train_domain", trainDomain.id());
        o.put("state_has_domain_features", manifest.path("state_schema").path("domain_features").asBoolean(true));
        o.put("seeds", seeds);
        o.put("seed", seed);
        ArrayNode cells = o.putArray("cells");
        for (Map.Entry<Domain, Path> e : testCorpora.entrySet()) {
            List<Scenario> scenarios = ScenarioProvenance.ofCorpus(CorpusDir.at(e.getValue())).test();
            List<String> leaked = scenarios.stream().map(Scenario::id).filter(trainIds::contains).toList();
            if (!leaked.isEmpty()) {
                throw new InputException(selector + " was trained on " + leaked.size() + " of the " + e.getKey().id()
                        + " evaluation scenarios (e.g. " + leaked.get(0) + ")");
            }
            Evaluation.Result r = Evaluation.run(world, List.of(agent), scenarios, Personas.training(), seeds, seed,
                    workers, () -> {
                    });
            EpisodeSummary s = r.agents().get(0).summary();
            ObjectNode cell = cells.addObject();
            cell.put("test_domain", e.getKey().id());
            cell.put("scenarios", scenarios.size());
            cell.setAll(s.toJson());
        }
        return o;
    }

    /** The expected utility and its interval for one test domain of a {@link #run} result, or null if absent. */
    static JsonNode cell(JsonNode result, String testDomain) {
        for (JsonNode c : result.path("cells")) {
            if (c.path("test_domain").asText().equals(testDomain)) {
                return c;
            }
        }
        return null;
    }
}
