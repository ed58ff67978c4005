package dev.emodistill.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Role;
import dev.emodistill.sim.EpisodeRunner;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The evaluation harness (DESIGN §10): every agent plays the same (scenario, persona, seed) triples — the episode
 * seed does not depend on the agent, so the counterparty's hidden reservation, the focal tactic's noise and every
 * other random draw are identical across agents and differences are paired. Summaries carry Wilson and
 * scenario-bootstrap intervals; each agent after the first is compared with the first by a scenario-clustered
 * sign-flip test, with Holm's correction across the comparisons.
 */
public final class Evaluation {
    public static final String UNIQUE_EMOTIONS = "unique_emotions";
    public static final String P_VALUE_VS_FIRST = "p_value_vs_first";
    public static final String P_VALUE_VS_FIRST_RAW = "p_value_vs_first_unadjusted";
    public static final String DIFFERENCE_VS_FIRST = "mean_difference_vs_first";
    public static final String DIFFERENCE_CI = "difference_ci";

    /**
     * An agent under evaluation: a name for reports and a factory of fresh per-episode policies, given the seed
     * index (so an agent trained with several seeds can spread its checkpoints evenly over the seeds, keeping every
     * comparison paired).
     */
    public record Agent(String name, IntFunction<EmotionPolicy> policyForSeed, SimWorld.ExpresserFactory expresser) {
        /** An agent with the world's expresser (the template expresser in the embedded world). */
        public Agent(String name, IntFunction<EmotionPolicy> policyForSeed) {
            this(name, policyForSeed, null);
        }

        /** An agent whose policy does not depend on the seed index. */
        public static Agent of(String name, Supplier<EmotionPolicy> policy) {
            return new Agent(name, k -> policy.get());
        }

        /** The same agent speaking with its own expresser (e.g. a language model) instead of the world's. */
        public Agent withExpresser(SimWorld.ExpresserFactory words) {
            return new Agent(name, policyForSeed, words);
        }
    }

    /** One played episode. */
    public record Episode(String agent, Scenario scenario, Persona persona, int seedIndex, long seed, EpisodeResult result) {
        public int uniqueEmotions() {
            Set<Emotion> seen = EnumSet.noneOf(Emotion.class);
            for (Message m : result.messages()) {
                if (m.speaker() == Role.FOCAL && m.emotion() != null) {
                    seen.add(m.emotion());
                }
            }
            return seen.size();
        }

        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("agent", agent);
            o.put("scenario_id", scenario.id());
            o.put("persona", persona.name());
            o.put("seed_index", seedIndex);
            o.put("seed", seed);
            o.put("outcome", result.outcome().label());
            if (result.dealValue() == null) {
                o.putNull("deal_value");
            } else {
                o.put("deal_value", result.dealValue());
            }
            o.put("utility", result.utility());
            o.put("rounds", result.rounds());
            ArrayNode emotions = o.putArray("focal_emotions");
            result.messages().stream().filter(m -> m.speaker() == Role.FOCAL)
                    .forEach(m -> emotions.add(m.emotion() == null ? Emotion.NO_EMOTION.label() : m.emotion().label()));
            if (result.error() != null) {
                o.put("error", result.error());
            }
            return o;
        }
    }

    /** One agent's numbers. */
    public record AgentResult(String name, EpisodeSummary summary, double uniqueEmotions, PairedComparison vsFirst,
                              Double pAdjusted) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            o.put("name", name);
            o.setAll(summary.toJson());
            ArrayNode sci = o.putArray("success_rate_ci");
            sci.add(Json.round(summary.successCi().low(), 4));
            sci.add(Json.round(summary.successCi().high(), 4));
            o.put(UNIQUE_EMOTIONS, Json.round(uniqueEmotions, 3));
            if (vsFirst == null) {
                o.putNull(DIFFERENCE_VS_FIRST);
                o.putNull(DIFFERENCE_CI);
                o.putNull(P_VALUE_VS_FIRST);
                o.putNull(P_VALUE_VS_FIRST_RAW);
            } else {
                o.put(DIFFERENCE_VS_FIRST, Json.round(vsFirst.meanDifference(), 4));
                ArrayNode ci = o.putArray(DIFFERENCE_CI);
                ci.add(Json.round(vsFirst.ci().low(), 4));
                ci.add(Json.round(vsFirst.ci().high(), 4));
                o.put(P_VALUE_VS_FIRST, pAdjusted);
                o.put(P_VALUE_VS_FIRST_RAW, vsFirst.p());
            }
            return o;
        }
    }

    /** The whole evaluation. */
    public record Result(List<AgentResult> agents, List<Episode> episodes) {
    }

    private Evaluation() {
    }

    /** The episode seed of a triple: the same for every agent. */
    public static long episodeSeed(long seed, Scenario s, Persona p, int k) {
        return Seeds.derive(seed, "evaluate", s.id(), p.name(), k);
    }

    public static Result run(SimWorld world, List<Agent> agents, List<Scenario> scenarios, List<Persona> personas,
                             int seeds, long seed, int workers, Runnable onEpisode) {
        List<EpisodeRunner.Task> tasks = new ArrayList<>();
        List<Episode> meta = new ArrayList<>();
        for (Agent agent : agents) {
            SimWorld agentWorld = agent.expresser() == null ? null : world.withExpresser(agent.expresser(), agent.name());
            for (Scenario s : scenarios) {
                for (Persona p : personas) {
                    for (int k = 0; k < seeds; k++) {
                        long es = episodeSeed(seed, s, p, k);
                        int seedIndex = k;
                        tasks.add(new EpisodeRunner.Task(s, p, () -> agent.policyForSeed().apply(seedIndex), es,
                                agentWorld));
                        meta.add(new Episode(agent.name(), s, p, k, es, null));
                    }
                }
            }
        }
        List<EpisodeResult> results = EpisodeRunner.run(world, tasks, workers, onEpisode);
        List<Episode> episodes = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            Episode m = meta.get(i);
            episodes.add(new Episode(m.agent(), m.scenario(), m.persona(), m.seedIndex(), m.seed(), results.get(i)));
        }
        int perAgent = scenarios.size() * personas.size() * seeds;
        List<List<Episode>> byAgent = new ArrayList<>();
        for (int a = 0; a < agents.size(); a++) {
            byAgent.add(episodes.subList(a * perAgent, (a + 1) * perAgent));
        }
        List<PairedComparison> comparisons = new ArrayList<>();
        double[] first = utilities(byAgent.get(0));
        String[] clusters = byAgent.get(0).stream().map(e -> e.scenario().id()).toArray(String[]::new);
        for (int a = 1; a < agents.size(); a++) {
            comparisons.add(PairedComparison.of(first, utilities(byAgent.get(a)), clusters,
                    Seeds.derive(seed, "paired", agents.get(a).name())));
        }
        double[] adjusted = PairedComparison.holm(comparisons.stream().mapToDouble(PairedComparison::p).toArray());
        List<AgentResult> out = new ArrayList<>();
        for (int a = 0; a < agents.size(); a++) {
            List<Episode> mine = byAgent.get(a);
            EpisodeSummary summary = EpisodeSummary.of(mine.stream().map(Episode::result).toList(),
                    Seeds.derive(seed, "bootstrap", agents.get(a).name()));
            double unique = mine.stream().mapToInt(Episode::uniqueEmotions).average().orElse(Double.NaN);
            out.add(new AgentResult(agents.get(a).name(), summary, unique, a == 0 ? null : comparisons.get(a - 1),
                    a == 0 ? null : adjusted[a - 1]));
        }
        return new Result(out, episodes);
    }

    private static double[] utilities(List<Episode> episodes) {
        return episodes.stream().mapToDouble(e -> e.result().utility()).toArray();
    }
}
