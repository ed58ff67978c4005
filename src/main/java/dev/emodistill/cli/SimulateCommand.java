package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.eval.EpisodeSummary;
import dev.emodistill.eval.Metrics;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.sim.EpisodeJson;
import dev.emodistill.sim.EpisodeRunner;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill simulate}: play episodes in the embedded world and summarise them. */
@Command(name = "simulate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Play negotiation episodes in the embedded world: a focal agent with the chosen emotion policy against a simulated counterparty persona, on generated (or given) scenarios.",
                "With --expresser llm, --counterparty llm or --classifier llm those roles run on any OpenAI-compatible chat model (see docs/llm.md).",
                    "Prints success rate, mean utility (deals only), expected utility (all episodes, 95%% CI), mean "
                    + "rounds and walk-away rate. The same seed gives byte-identical output."})
final class SimulateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    WorldOptions world;

    @CommandLine.Mixin
    RoleOptions roles;

    @CommandLine.Mixin
    LlmOptions llm;

    @Option(names = "--persona", required = true,
            description = "counterparty persona: vanilla, pressure, victim, threat, stoic, volatile, empathic")
    String persona;

    @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
    PolicyChoice choice;

    static final class PolicyChoice {
        @Option(names = "--emotion", description = "show one fixed emotion every turn (one of the 28 GoEmotions labels)")
        String emotion;
        @Option(names = "--policy", description = "random, none (no emotion), fixed:EMOTION, rule:phase:EARLY,LATE@F "
                + "or rule:ekman:GROUP>EMOTION,...,default>EMOTION")
        String policy;
    }

    @Option(names = "--episodes", defaultValue = "20", description = "number of episodes (default: ${DEFAULT-VALUE})")
    int episodes;

    @Option(names = "--transcript", description = "also print every episode's messages")
    boolean transcript;

    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() {
        Options.positive("--episodes", episodes);
        Persona p = Personas.get(persona);
        String policySpec = choice.emotion != null ? fixedSpec(choice.emotion) : choice.policy;
        EmotionPolicy probe = EmotionPolicies.parse(policySpec);
        Domain domain = world.domain();
        List<Scenario> scenarios = world.scenarios(episodes);
        LlmRun llmRun = LlmRun.forWorld(llm, roles, world.protocol.classifier, null);
        SimWorld sim = llmRun.world(world.protocol.protocol(), List.of(p));
        List<EpisodeRunner.Task> tasks = new ArrayList<>();
        for (int i = 0; i < episodes; i++) {
            Scenario s = scenarios.get(i % scenarios.size());
            long seed = Seeds.derive(world.seed, s.id(), p.name(), probe.name(), i);
            tasks.add(new EpisodeRunner.Task(s, p, () -> EmotionPolicies.parse(policySpec), seed));
        }
        Terminal t = new Terminal(spec);
        Progress progress = new Progress(t.err(), "simulate", tasks.size());
        List<EpisodeResult> results;
        try {
            results = EpisodeRunner.run(sim, tasks, world.workers(), progress::step);
        } catch (RuntimeException e) {
            throw LlmRun.isLlmFailure(e) ? LlmRun.fail(e, null) : e;
        } finally {
            progress.finish();
            llmRun.report(t);
        }
        EpisodeSummary summary = EpisodeSummary.of(results, world.seed);
        if (json) {
            ObjectNode o = Json.object();
            o.put("domain", domain.id());
            o.put("persona", p.name());
            o.put("policy", probe.name());
            o.put("seed", world.seed);
            o.setAll(summary.toJson());
            if (llmRun.usesLlm()) {
                o.put("roles", sim.roles().description() + ", classifier " + sim.perception().describe());
                o.set("llm", llmRun.usage());
            }
            if (transcript) {
                ArrayNode arr = o.putArray("transcripts");
                results.forEach(r -> arr.add(EpisodeJson.toJson(r)));
            }
            t.json(o);
        } else {
            if (transcript) {
                results.forEach(r -> t.result(EpisodeJson.toText(r) + "\n"));
            }
            t.result(format(domain, p, probe.name(), world.seed, summary));
        }
        return Main.EXIT_OK;
    }

    private static String fixedSpec(String emotion) {
        Emotion e = Emotion.parse(emotion).orElseThrow(() -> new InputException("unknown emotion '" + emotion
                + "' for --emotion (expected one of " + Emotion.labelsForHelp() + ", or none)"));
        return e.isControl() ? "none" : "fixed:" + e.label();
    }

    static String format(Domain domain, Persona persona, String policy, long seed, EpisodeSummary s) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "simulate: domain %s, persona %s, policy %s, %d episodes, seed %d%n",
                domain.id(), persona.name(), policy, s.episodes(), seed));
        sb.append(String.format(Locale.ROOT, "  %-17s %.3f  [%.3f, %.3f]%n", Metrics.SUCCESS_RATE, s.successRate(),
                s.successCi().low(), s.successCi().high()));
        sb.append(String.format(Locale.ROOT, "  %-17s %s%n", Metrics.MEAN_UTILITY,
                s.meanUtility() == null ? "n/a (no deals)" : String.format(Locale.ROOT, "%.3f", s.meanUtility())));
        sb.append(String.format(Locale.ROOT, "  %-17s %.3f  [%.3f, %.3f]%n", Metrics.EXPECTED_UTILITY,
                s.expectedUtility(), s.expectedUtilityCi().low(), s.expectedUtilityCi().high()));
        sb.append(String.format(Locale.ROOT, "  %-17s %.2f%n", Metrics.MEAN_ROUNDS, s.meanRounds()));
        sb.append(String.format(Locale.ROOT, "  %-17s %.3f%n", Metrics.WALKAWAY_RATE, s.walkawayRate()));
        sb.append(String.format(Locale.ROOT, "  %-17s %.3f%n", Metrics.TIMEOUT_RATE, s.timeoutRate()));
        return sb.toString();
    }
}
