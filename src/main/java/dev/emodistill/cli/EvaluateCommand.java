package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioFiles;
import dev.emodistill.eval.Evaluation;
import dev.emodistill.eval.FixedBest;
import dev.emodistill.eval.Metrics;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.report.Table;
import dev.emodistill.report.Tables;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code emodistill evaluate}: agents x held-out scenarios x personas x seeds, with paired comparisons. */
@Command(name = "evaluate", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Evaluate emotion policies on held-out scenarios against simulated counterparties.",
                "Every agent plays the same (scenario, persona, seed) triples. Reports success rate (Wilson 95%% CI), "
                        + "utility, expected utility (95%% CI by a bootstrap over scenarios), rounds, walk-aways and "
                        + "unique emotions per episode, and compares every agent with the first on identical triples "
                        + "(scenario-clustered sign-flip test, Holm-corrected). Agents: iql:DIR, bc:DIR, dqn:DIR, "
                        + "cql:DIR, tabular:DIR, evo:DIR, random, no-emotion, fixed:EMOTION, fixed:best, rule:..."})
final class EvaluateCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @CommandLine.Mixin
    ProtocolOptions protocol;
    @CommandLine.Mixin
    RoleOptions roles;
    @CommandLine.Mixin
    LlmOptions llm;
    @Option(names = "--domain", required = true, description = "debt, disaster, student or medical")
    String domain;
    @Option(names = "--agents", required = true, description = "comma-separated agents; the first is the reference")
    String agents;
    @Option(names = "--scenarios", defaultValue = "test",
            description = "test (held-out scenarios from the first trained agent's provenance or --corpus), train, "
                    + "all, or a scenario file (default: ${DEFAULT-VALUE})")
    String scenarios;
    @Option(names = "--corpus", description = "corpus folder whose manifest says which scenarios are held out")
    Path corpus;
    @Option(names = "--personas", defaultValue = "training",
            description = "comma-separated personas, or training / heldout / all (default: ${DEFAULT-VALUE})")
    String personas;
    @Option(names = "--seeds", defaultValue = "10", description = "seeds per (scenario, persona) (default: ${DEFAULT-VALUE})")
    int seeds;
    @Option(names = "--seed", defaultValue = "1", description = "evaluation seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--fixed-corpus", description = "fixed-emotion corpus (training scenarios) from which fixed:best is chosen")
    Path fixedCorpus;
    @Option(names = "--best-seeds", defaultValue = "2",
            description = "without --fixed-corpus: seeds of the short fixed-emotion sweep that picks fixed:best (default: ${DEFAULT-VALUE})")
    int bestSeeds;
    @Option(names = "--allow-train-scenarios", description = "allow evaluating on scenarios an agent was trained on")
    boolean allowTrain;
    @Option(names = "--out", description = "write episodes.jsonl, summary.json and summary.md here")
    Path out;
    @Option(names = "--json", description = "print one JSON object; its 'agents' list holds name, episodes, "
            + "success_rate, expected_utility, expected_utility_ci and p_value_vs_first, first agent first")
    boolean json;

    @Override
    public Integer call() {
        Options.positive("--seeds", seeds);
        Domain d = Options.domain(domain);
        List<String> specs = AgentSpecs.split(agents);
        if (specs.isEmpty()) {
            throw new InputException("--agents: no agent given");
        }
        Terminal t = new Terminal(spec);
        List<TrainedAgents.Loaded> trained = new ArrayList<>();
        for (String s : specs) {
            if (TrainedAgents.isTrained(s)) {
                trained.add(TrainedAgents.load(s));
            }
        }
        ScenarioProvenance firstTrained = trained.stream().map(TrainedAgents.Loaded::scenarios)
                .filter(java.util.Objects::nonNull).findFirst().orElse(null);
        ScenarioProvenance provenance = firstTrained != null ? firstTrained
                : corpus != null ? ScenarioProvenance.ofCorpus(CorpusDir.at(corpus)) : null;
        if (provenance != null && provenance.domain() != d) {
            throw new InputException("--domain " + d.id() + " but the agents were trained on " + provenance.domain().id()
                    + " scenarios; pass a scenario file with --scenarios to evaluate across domains");
        }
        List<Scenario> evalScenarios = resolveScenarios(d, provenance);
        checkNoLeak(evalScenarios, trained, provenance);
        List<Persona> personaList = Personas.parseList(personas);
        LlmRun llmRun = LlmRun.forWorld(llm, roles, protocol.classifier, null);
        SimWorld world = llmRun.world(protocol.protocol(), personaList);
        try {
            return evaluate(t, d, specs, trained, provenance, evalScenarios, personaList, world, llmRun);
        } catch (RuntimeException e) {
            throw LlmRun.isLlmFailure(e) ? LlmRun.fail(e, "nothing was written") : e;
        } finally {
            llmRun.report(t);
        }
    }

    private Integer evaluate(Terminal t, Domain d, List<String> specs, List<TrainedAgents.Loaded> trained,
                             ScenarioProvenance provenance, List<Scenario> evalScenarios, List<Persona> personaList,
                             SimWorld world, LlmRun llmRun) {
        FixedBest best = null;
        List<Evaluation.Agent> agentList = new ArrayList<>();
        int trainedIndex = 0;
        for (String s : specs) {
            if (TrainedAgents.isTrained(s)) {
                TrainedAgents.Loaded a = trained.get(trainedIndex++);
                agentList.add(new Evaluation.Agent(a.name(), a.policyForSeed(), a.expresser()));
            } else if (s.equalsIgnoreCase("fixed:best")) {
                best = fixedBest(world, provenance, personaList);
                var emotion = best.emotion();
                agentList.add(Evaluation.Agent.of("fixed:best=" + emotion.label(), () -> EmotionPolicies.fixed(emotion)));
            } else {
                String name = EmotionPolicies.parse(s).name();
                agentList.add(Evaluation.Agent.of(name, () -> EmotionPolicies.parse(s)));
            }
        }
        Progress progress = new Progress(t.err(), "evaluate " + d.id(),
                (long) agentList.size() * evalScenarios.size() * personaList.size() * seeds);
        boolean speaksWithLm = agentList.stream().anyMatch(a -> a.expresser() != null);
        Evaluation.Result r;
        try {
            r = Evaluation.run(world, agentList, evalScenarios, personaList, seeds, seed,
                    speaksWithLm ? Math.max(protocol.workers(), LmAgents.LM_WORKERS) : protocol.workers(),
                    progress::step);
        } finally {
            progress.finish();
        }
        ObjectNode lmStats = null;
        if (speaksWithLm) {
            lmStats = Json.object();
            for (var e : LmAgents.counts().entrySet()) {
                lmStats.putObject(e.getKey()).put("utterances", e.getValue()[0]).put("batches", e.getValue()[1])
                        .put("resampled", e.getValue()[2]).put("neutral_fallbacks", e.getValue()[3]);
            }
            LmAgents.closeAll();
        }
        ObjectNode summary = summaryJson(d, evalScenarios, personaList, r, best);
        if (lmStats != null) {
            summary.set("language_models", lmStats);
        }
        if (llmRun.usesLlm()) {
            summary.put("roles", world.roles().description() + ", classifier " + world.perception().describe());
            ObjectNode settings = llmRun.worldProvenance();
            if (settings != null) {
                summary.set("role_settings", settings);
            }
            summary.set("llm", llmRun.usage());
        }
        if (out != null) {
            AtomicFiles.write(out.resolve("episodes.jsonl"), w -> {
                for (Evaluation.Episode e : r.episodes()) {
                    w.write(Json.line(e.toJson()));
                    w.write('\n');
                }
            });
            AtomicFiles.writeString(out.resolve("summary.json"), Json.pretty(summary) + "\n");
            AtomicFiles.writeString(out.resolve("summary.md"), markdown(d, r, best));
        }
        if (json) {
            t.json(summary);
        } else {
            t.result(markdown(d, r, best));
            if (out != null) {
                t.resultLine("wrote episodes.jsonl, summary.json and summary.md to");
                t.resultLine(out.toAbsolutePath().normalize().toString());
            }
        }
        return Main.EXIT_OK;
    }

    private List<Scenario> resolveScenarios(Domain d, ScenarioProvenance provenance) {
        String which = scenarios.trim().toLowerCase(Locale.ROOT);
        if (which.equals("test") || which.equals("train") || which.equals("all")) {
            if (provenance == null) {
                throw new InputException("--scenarios " + which + " needs a trained agent's provenance or --corpus DIR "
                        + "to know which scenarios are held out; or pass a scenario file");
            }
            List<Scenario> chosen = switch (which) {
                case "test" -> provenance.test();
                case "train" -> provenance.train();
                default -> {
                    Set<String> all = new LinkedHashSet<>(provenance.trainIds());
                    all.addAll(provenance.testIds());
                    yield provenance.select(all);
                }
            };
            if (chosen.isEmpty()) {
                throw new InputException("no " + which + " scenarios recorded in the provenance");
            }
            return chosen;
        }
        Path file = Options.existingFile("--scenarios", Path.of(scenarios));
        List<Scenario> mine = ScenarioFiles.read(file).stream().filter(s -> s.domain() == d).toList();
        if (mine.isEmpty()) {
            throw new InputException(file + ": no " + d.id() + " scenarios in file");
        }
        return mine;
    }

    private void checkNoLeak(List<Scenario> evalScenarios, List<TrainedAgents.Loaded> trained, ScenarioProvenance provenance) {
        if (allowTrain) {
            return;
        }
        Set<String> trainIds = new LinkedHashSet<>();
        trained.stream().filter(a -> a.scenarios() != null).forEach(a -> trainIds.addAll(a.scenarios().trainIds()));
        if (provenance != null) {
            trainIds.addAll(provenance.trainIds());
        }
        List<String> leaked = evalScenarios.stream().map(Scenario::id).filter(trainIds::contains).toList();
        if (!leaked.isEmpty()) {
            throw new InputException(leaked.size() + " of the " + evalScenarios.size() + " evaluation scenarios were "
                    + "used for training (e.g. " + leaked.get(0) + "); evaluate on held-out scenarios "
                    + "(--scenarios test) or pass --allow-train-scenarios");
        }
    }

    private FixedBest fixedBest(SimWorld world, ScenarioProvenance provenance, List<Persona> personaList) {
        if (fixedCorpus != null) {
            CorpusDir c = CorpusDir.at(fixedCorpus);
            ScenarioProvenance fp = ScenarioProvenance.ofCorpus(c);
            Set<String> training = provenance != null ? provenance.trainIds() : fp.trainIds();
            return FixedBest.fromCorpus(c.readEpisodes(), training, fixedCorpus.toString());
        }
        if (provenance == null) {
            throw new InputException("fixed:best needs training scenarios: give a trained agent, --corpus or --fixed-corpus");
        }
        Options.positive("--best-seeds", bestSeeds);
        return FixedBest.fromSweep(world, provenance.train(), personaList, bestSeeds, Seeds.derive(seed, "fixed-best"),
                protocol.workers());
    }

    private ObjectNode summaryJson(Domain d, List<Scenario> evalScenarios, List<Persona> personaList,
                                   Evaluation.Result r, FixedBest best) {
        ObjectNode o = Json.object();
        o.set("created_by", Provenance.createdBy("evaluate"));
        o.put("domain", d.id());
        o.put("scenarios", scenarios);
        o.put("scenario_count", evalScenarios.size());
        ArrayNode p = o.putArray("personas");
        personaList.forEach(x -> p.add(x.name()));
        o.put("seeds", seeds);
        o.put("seed", seed);
        o.put("comparison", "paired on identical (scenario, persona, seed) triples; scenario-clustered sign-flip "
                + "test of the first agent vs each other; Holm-corrected p_value_vs_first");
        ArrayNode arr = o.putArray("agents");
        r.agents().forEach(a -> arr.add(a.toJson()));
        if (best != null) {
            ObjectNode b = o.putObject("fixed_best");
            b.put("emotion", best.emotion().label());
            b.put("source", best.source());
            ObjectNode eus = b.putObject("expected_utilities");
            best.expectedUtilities().forEach((e, v) -> eus.put(e.label(), Json.round(v, 4)));
        }
        return o;
    }

    static String markdown(Domain d, Evaluation.Result r, FixedBest best) {
        List<List<String>> rows = new ArrayList<>();
        for (Evaluation.AgentResult a : r.agents()) {
            var s = a.summary();
            rows.add(List.of(a.name(), Integer.toString(s.episodes()), f(s.successRate()),
                    String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", s.expectedUtility(), s.expectedUtilityCi().low(),
                            s.expectedUtilityCi().high()),
                    s.meanUtility() == null ? "" : f(s.meanUtility()), String.format(Locale.ROOT, "%.2f", s.meanRounds()),
                    f(s.walkawayRate()), String.format(Locale.ROOT, "%.2f", a.uniqueEmotions()),
                    a.vsFirst() == null ? "(reference)" : String.format(Locale.ROOT, "%+.3f", a.vsFirst().meanDifference()),
                    a.pAdjusted() == null ? "" : String.format(Locale.ROOT, "%.3g", a.pAdjusted())));
        }
        Table table = new Table(List.of("agent", Metrics.EPISODES, Metrics.SUCCESS_RATE, "expected_utility [95% CI]",
                Metrics.MEAN_UTILITY, Metrics.MEAN_ROUNDS, Metrics.WALKAWAY_RATE, Evaluation.UNIQUE_EMOTIONS,
                "difference vs first", "p vs first (Holm)"), rows);
        String head = "## evaluate: " + d.id() + "\n\n" + (best == null ? ""
                : "fixed:best = " + best.emotion().label() + " (" + best.source() + ")\n\n");
        return head + Tables.markdown(table);
    }

    private static String f(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
