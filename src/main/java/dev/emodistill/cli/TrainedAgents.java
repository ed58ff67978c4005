package dev.emodistill.cli;

import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.rl.LearnedPolicy;
import dev.emodistill.rl.MarkovEvolutionResult;
import dev.emodistill.rl.SelectorCheckpoint;
import dev.emodistill.rl.TabularPolicy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Loads trained agents named {@code KIND:DIR} on the command line: {@code iql}, {@code bc}, {@code dqn}, {@code cql}
 * (selector checkpoints), {@code tabular} and {@code evo}. {@code KIND:DIR1+DIR2+DIR3} pools checkpoints trained
 * with different seeds: seed index k is played by checkpoint k mod 3, so every comparison stays paired and the
 * result averages over training seeds.
 */
final class TrainedAgents {
    /** Agent kinds that name a checkpoint folder. */
    static final List<String> KINDS = List.of("iql", "bc", "dqn", "cql", "tabular", "evo");

    /**
     * A loaded agent.
     *
     * @param name          for reports, e.g. {@code iql:runs/debt/iql}
     * @param policyForSeed fresh per-episode policies by seed index (several checkpoints take turns)
     * @param scenarios     the scenario provenance it was trained with (for --scenarios test and the leak check);
     *                      null for agents with nothing trained on scenarios (the vanilla SLM)
     * @param expresser     its own words (a language model), or null for the world's template expresser
     */
    record Loaded(String name, IntFunction<EmotionPolicy> policyForSeed, ScenarioProvenance scenarios,
                  dev.emodistill.sim.SimWorld.ExpresserFactory expresser) {
        Loaded(String name, IntFunction<EmotionPolicy> policyForSeed, ScenarioProvenance scenarios) {
            this(name, policyForSeed, scenarios, null);
        }
    }

    private TrainedAgents() {
    }

    static boolean isTrained(String spec) {
        if (LmAgents.isLm(spec)) {
            return true;
        }
        int colon = spec.indexOf(':');
        return colon > 0 && KINDS.contains(spec.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    static Loaded load(String spec) {
        if (LmAgents.isLm(spec)) {
            return LmAgents.load(spec);
        }
        int colon = spec.indexOf(':');
        String kind = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        List<Supplier<EmotionPolicy>> policies = new ArrayList<>();
        ScenarioProvenance scenarios = null;
        for (String part : spec.substring(colon + 1).split("\\+")) {
            Path dir = Path.of(part.trim());
            One one = loadOne(kind, dir, spec);
            policies.add(one.policy());
            if (one.scenarios() == null) {
                throw new InputException("agent '" + spec + "': " + dir + " records no scenario provenance, so the "
                        + "held-out scenarios cannot be checked; retrain it from a corpus");
            }
            if (scenarios != null && !scenarios.testIds().equals(one.scenarios().testIds())) {
                throw new InputException("agent '" + spec + "': its checkpoints were trained on different scenario splits");
            }
            scenarios = one.scenarios();
        }
        return new Loaded(spec, k -> policies.get(k % policies.size()).get(), scenarios);
    }

    private record One(Supplier<EmotionPolicy> policy, ScenarioProvenance scenarios) {
    }

    private static One loadOne(String kind, Path dir, String spec) {
        switch (kind) {
            case "tabular" -> {
                TabularPolicy p = TabularPolicy.load(dir);
                return new One(() -> p, p.training().scenarioProvenance().orElse(null));
            }
            case "evo" -> {
                MarkovEvolutionResult r = MarkovEvolutionResult.load(dir);
                return new One(r::policy, r.scenarioProvenance().orElse(null));
            }
            default -> {
                SelectorCheckpoint.Loaded c = SelectorCheckpoint.load(dir);
                if (!c.model().algorithm().equals(kind)) {
                    throw new InputException("agent '" + spec + "': " + dir + " holds a " + c.model().algorithm()
                            + " checkpoint, not " + kind);
                }
                var m = c.manifest();
                ScenarioProvenance sp = null;
                if (m.has("scenarios")) {
                    Domain d = Domain.parse(m.path("domain").asText()).orElseThrow(() -> new InputException(
                            dir.resolve(SelectorCheckpoint.MANIFEST) + ", field 'domain': unknown domain"));
                    sp = ScenarioProvenance.fromJson(m.get("scenarios"), d, dir.resolve(SelectorCheckpoint.MANIFEST).toString());
                }
                String name = kind + ":" + dir;
                return new One(() -> new LearnedPolicy(name, c.model(), 0), sp);
            }
        }
    }
}
