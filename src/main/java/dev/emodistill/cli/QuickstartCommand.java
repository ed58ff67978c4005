package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.eval.EmotionEffectStudy;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.SimWorld;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code emodistill quickstart}: a small per-emotion study in all four domains on generated scenarios, on the
 * embedded default (no network, no key). Later versions grow this into the whole EmoDistill pipeline.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run a small per-emotion study in all four domains on the embedded default and print a table of expected utility per emotion (against a hidden mix of the four training personas), with the simulator checks.",
                    "Results go to --out (default runs/quickstart)."})
final class QuickstartCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/quickstart", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--episodes-per-emotion", defaultValue = "200",
            description = "episodes per (persona, emotion) cell (default: ${DEFAULT-VALUE})")
    int episodes;
    @Option(names = "--seed", defaultValue = "7", description = "run seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--workers", defaultValue = "0", description = "worker threads (default: one per core)")
    int workers;
    @Option(names = "--json", description = "print one JSON object instead of the table")
    boolean json;

    @Override
    public Integer call() {
        Options.positive("--episodes-per-emotion", episodes);
        Terminal t = new Terminal(spec);
        long start = System.nanoTime();
        SimWorld world = new SimWorld(ProtocolConfig.DEFAULT, Classifiers.builtin(HeadRole.PERCEPTION));
        Map<Domain, EmotionEffectStudy.Result> results = new LinkedHashMap<>();
        for (Domain d : Domain.values()) {
            List<Scenario> scenarios = ScenarioGenerator.generate(d, episodes, seed);
            List<String> rules = EmotionEffectStudy.DEFAULT_RULES;
            long total = (long) (Personas.training().size() + 1) * EmotionEffectStudy.fixedPolicies().size() * episodes
                    + (long) rules.size() * episodes;
            Progress progress = new Progress(t.err(), "quickstart " + d.id(), total);
            results.put(d, EmotionEffectStudy.run(world, d, scenarios, Personas.training(), rules, episodes, seed,
                    Options.workers(workers), progress::step));
            progress.finish();
        }
        String table = table(results);
        ObjectNode summary = json(results);
        summary.put("seconds", Json.round((System.nanoTime() - start) / 1e9, 1));
        AtomicFiles.writeString(out.resolve("quickstart.json"), Json.pretty(summary) + "\n");
        AtomicFiles.writeString(out.resolve("quickstart.md"), table);
        for (Map.Entry<Domain, EmotionEffectStudy.Result> e : results.entrySet()) {
            AtomicFiles.writeString(out.resolve("study-" + e.getKey().id() + ".json"),
                    Json.pretty(e.getValue().toJson()) + "\n");
            AtomicFiles.writeString(out.resolve("study-" + e.getKey().id() + ".md"), AnalyzeCommand.table(e.getValue()));
        }
        if (json) {
            t.json(summary);
        } else {
            t.result(table);
            t.resultLine("");
            t.resultLine("Full tables and JSON:");
            t.resultLine(out.toAbsolutePath().normalize().toString());
        }
        return Main.EXIT_OK;
    }

    /** Rows: policies; columns: domains; cell: expected utility against the hidden persona mix. */
    static String table(Map<Domain, EmotionEffectStudy.Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("EmoDistill quickstart: per-emotion study on the embedded world\n");
        sb.append("Expected utility against a hidden mix of the training personas (vanilla, pressure, victim, threat);\n");
        sb.append("* marks the best fixed policy per domain. rule:react = ").append(EmotionEffectStudy.DEFAULT_RULES.get(0))
                .append(";\nrule:ange>grat and rule:sadn>grat switch emotion part-way (see study-<domain>.md).\n\n");
        sb.append(String.format(Locale.ROOT, "%-16s", "policy"));
        results.keySet().forEach(d -> sb.append(String.format(Locale.ROOT, "%12s", d.id())));
        sb.append('\n');
        List<String> policies = new ArrayList<>(EmotionEffectStudy.fixedPolicies());
        policies.addAll(EmotionEffectStudy.DEFAULT_RULES);
        Map<Domain, String> best = new LinkedHashMap<>();
        results.forEach((d, r) -> r.cells(EmotionEffectStudy.MIX).stream().filter(c -> !c.rule())
                .max((a, b) -> Double.compare(a.summary().expectedUtility(), b.summary().expectedUtility()))
                .ifPresent(c -> best.put(d, c.policy())));
        for (String policy : policies) {
            sb.append(String.format(Locale.ROOT, "%-16s", shortName(policy)));
            for (Map.Entry<Domain, EmotionEffectStudy.Result> e : results.entrySet()) {
                double eu = e.getValue().cells(EmotionEffectStudy.MIX).stream()
                        .filter(c -> c.policy().equals(policy)).findFirst().orElseThrow().summary().expectedUtility();
                sb.append(String.format(Locale.ROOT, "%11.3f%s", eu, policy.equals(best.get(e.getKey())) ? "*" : " "));
            }
            sb.append('\n');
        }
        sb.append("\nBest fixed emotion per persona, and the simulator checks:\n");
        for (Map.Entry<Domain, EmotionEffectStudy.Result> e : results.entrySet()) {
            sb.append("  ").append(e.getKey().id()).append(":\n");
            for (EmotionEffectStudy.Check c : e.getValue().checks()) {
                sb.append(String.format(Locale.ROOT, "    [%s] %s%n", c.passed() ? "PASS" : "FAIL", c.detail()));
            }
        }
        return sb.toString();
    }

    /** Table labels: the emotion for fixed policies, a short form for the rules. */
    static String shortName(String policy) {
        if (policy.startsWith("fixed:")) {
            return policy.substring("fixed:".length());
        }
        if (policy.startsWith("rule:ekman:")) {
            return "rule:react";
        }
        if (policy.startsWith("rule:phase:")) {
            String[] parts = policy.substring("rule:phase:".length()).split("[,@]");
            return "rule:" + parts[0].substring(0, Math.min(4, parts[0].length())) + ">"
                    + parts[1].substring(0, Math.min(4, parts[1].length()));
        }
        return policy;
    }

    static ObjectNode json(Map<Domain, EmotionEffectStudy.Result> results) {
        ObjectNode o = Json.object();
        o.set("created_by", Provenance.createdBy("quickstart"));
        ArrayNode domains = o.putArray("domains");
        results.values().forEach(r -> domains.add(r.toJson()));
        return o;
    }
}
