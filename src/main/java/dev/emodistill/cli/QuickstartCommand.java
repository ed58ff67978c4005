package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code emodistill quickstart}: the EmoDistill selector pipeline, small, in all four domains, on the embedded
 * default (no network, no key): an offline random-emotion sweep, the IQL selector trained from it, and an
 * evaluation on held-out scenarios against random, no-emotion and the best fixed emotion.
 */
@Command(name = "quickstart", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the emotion-selector pipeline in all four domains on the embedded default.",
                "Per domain: sweep (random emotions, four training personas) -> IQL selector -> evaluation on held-out "
                        + "scenarios against random, no-emotion and fixed:best (chosen on training scenarios), with "
                        + "paired p-values. Prints the main table; everything (corpora, checkpoints, per-episode "
                        + "results) goes to --out (default runs/quickstart). Quickstart uses smaller networks (2x128) "
                        + "and fewer steps (3,000) than the defaults, one training seed, and standardised rewards (see "
                        + "docs/selector.md: with max-|r| scaling the advantages are too small for AWR to move "
                        + "away from the behaviour policy)."})
final class QuickstartCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--out", defaultValue = "runs/quickstart", description = "results folder (default: ${DEFAULT-VALUE})")
    Path out;
    @Option(names = "--sweep-seeds", defaultValue = "8",
            description = "sweep seeds per training scenario and persona (default: ${DEFAULT-VALUE})")
    int sweepSeeds;
    @Option(names = "--steps", defaultValue = "3000", description = "IQL gradient steps (default: ${DEFAULT-VALUE})")
    int steps;
    @Option(names = "--hidden", defaultValue = "128", description = "IQL hidden width (default: ${DEFAULT-VALUE})")
    int hidden;
    @Option(names = "--eval-seeds", defaultValue = "5",
            description = "evaluation seeds per held-out scenario and persona (default: ${DEFAULT-VALUE})")
    int evalSeeds;
    @Option(names = "--domains", defaultValue = "debt,disaster,student,medical",
            description = "comma-separated domains (default: all four)")
    String domains;
    @Option(names = "--seed", defaultValue = "7", description = "run seed (default: ${DEFAULT-VALUE})")
    long seed;
    @Option(names = "--json", description = "print one JSON object instead of the table")
    boolean json;

    @Override
    public Integer call() {
        Options.positive("--sweep-seeds", sweepSeeds);
        Options.positive("--steps", steps);
        Options.positive("--eval-seeds", evalSeeds);
        List<Domain> domainList = new ArrayList<>();
        for (String d : domains.split(",")) {
            domainList.add(Options.domain(d.trim()));
        }
        Terminal t = new Terminal(spec);
        long start = System.nanoTime();
        ObjectNode summary = Json.object();
        summary.set("created_by", Provenance.createdBy("quickstart"));
        ObjectNode settings = summary.putObject("settings");
        settings.put("sweep_seeds", sweepSeeds);
        settings.put("iql_steps", steps);
        settings.put("iql_hidden", hidden);
        settings.put("iql_reward_scaling", "standardize");
        settings.put("eval_seeds", evalSeeds);
        settings.put("seed", seed);
        ArrayNode results = summary.putArray("domains");
        try {
            for (Domain d : domainList) {
                results.add(runDomain(t, d));
            }
        } catch (Nested.NestedFailure e) {
            t.log("quickstart stopped: " + e.getMessage());
            return e.exitCode;
        }
        summary.put("seconds", Json.round((System.nanoTime() - start) / 1e9, 1));
        String table = table(results);
        AtomicFiles.writeString(out.resolve("quickstart.json"), Json.pretty(summary) + "\n");
        AtomicFiles.writeString(out.resolve("quickstart.md"), table);
        if (json) {
            t.json(summary);
        } else {
            t.result(table);
            t.resultLine("");
            t.resultLine(String.format(Locale.ROOT, "Done in %.0f s. Corpora, checkpoints and per-episode results:",
                    (System.nanoTime() - start) / 1e9));
            t.resultLine(out.toAbsolutePath().normalize().toString());
        }
        return Main.EXIT_OK;
    }

    private ObjectNode runDomain(Terminal t, Domain d) {
        Path dir = out.resolve(d.id());
        String corpus = dir.resolve("corpus").toString();
        String selector = dir.resolve("iql").toString();
        t.log("== " + d.id() + ": sweep");
        JsonNode sweep = Nested.json(spec, "sweep", "--domain", d.id(), "--generate", "100", "--seeds",
                Integer.toString(sweepSeeds), "--personas", "training", "--seed", Long.toString(seed), "--out", corpus,
                "--json");
        t.log("== " + d.id() + ": train the IQL selector");
        JsonNode train = Nested.json(spec, "train", "selector", "--corpus", corpus, "--out", selector, "--steps",
                Integer.toString(steps), "--hidden", Integer.toString(hidden), "--reward-scaling", "standardize", "--seed",
                Long.toString(seed), "--json");
        t.log("== " + d.id() + ": evaluate on held-out scenarios");
        JsonNode eval = Nested.json(spec, "evaluate", "--domain", d.id(), "--agents",
                "iql:" + selector + ",random,no-emotion,fixed:best", "--seeds", Integer.toString(evalSeeds),
                "--best-seeds", "1", "--seed", Long.toString(seed), "--out", dir.resolve("evaluation").toString(),
                "--json");
        ObjectNode o = Json.object();
        o.put("domain", d.id());
        o.put("episodes_in_corpus", sweep.path("planned_episodes").asInt());
        o.put("transitions", train.path("transitions").asInt());
        o.put("training_seconds", train.path("seconds").asDouble());
        o.set("evaluation", eval);
        return o;
    }

    /** Rows: domain x agent; expected utility with its CI, success rate, and the paired p-value against IQL. */
    static String table(ArrayNode results) {
        StringBuilder sb = new StringBuilder();
        sb.append("EmoDistill quickstart: IQL emotion selector vs baselines on held-out scenarios\n");
        sb.append("(template expresser; counterparties: vanilla, pressure, victim, threat; paired p-values vs IQL, "
                + "Holm-corrected)\n\n");
        sb.append(String.format(Locale.ROOT, "%-10s %-26s %-24s %8s %12s%n", "domain", "agent",
                "expected utility [95% CI]", "success", "p vs IQL"));
        for (JsonNode r : results) {
            for (JsonNode a : r.path("evaluation").path("agents")) {
                String name = a.path("name").asText();
                if (name.startsWith("iql:")) {
                    name = "iql (EmoDistill selector)";
                }
                JsonNode ci = a.path("expected_utility_ci");
                String p = a.path("p_value_vs_first").isNull() ? "" : String.format(Locale.ROOT, "%.2g",
                        a.path("p_value_vs_first").asDouble());
                sb.append(String.format(Locale.ROOT, "%-10s %-26s %.3f [%.3f, %.3f]     %8.3f %12s%n",
                        r.path("domain").asText(), name, a.path("expected_utility").asDouble(), ci.path(0).asDouble(),
                        ci.path(1).asDouble(), a.path("success_rate").asDouble(), p));
            }
        }
        return sb.toString();
    }
}
