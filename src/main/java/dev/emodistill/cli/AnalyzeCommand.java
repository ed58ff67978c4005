package dev.emodistill.cli;

import dev.emodistill.domain.Scenario;
import dev.emodistill.eval.EmotionEffectStudy;
import dev.emodistill.eval.Stats;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
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

/** {@code emodistill analyze sim}: the per-emotion study that shows the simulator is worth learning in. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Analyses of the embedded world.",
        subcommands = {AnalyzeCommand.Sim.class, AnalyzeCommand.Emotions.class})
final class AnalyzeCommand extends CommandGroup {

    @Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Play every fixed emotion (and the no-emotion control) against every persona, and a set of state-dependent rules against a hidden uniform mix of the four training personas.",
                    "Prints expected utility with 95%% bootstrap CIs and checks: (a) best vs worst emotion against "
                    + "vanilla do not overlap; (b) no emotion is best against every persona; (c) a rule beats the best "
                    + "fixed emotion on the mix. Exit code 0 even if a check fails (the checks are reported)."})
    static final class Sim implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        WorldOptions world;
        @Option(names = "--episodes-per-emotion", defaultValue = "200",
                description = "episodes per (persona, policy) cell (default: ${DEFAULT-VALUE})")
        int episodes;
        @Option(names = "--personas", defaultValue = "training",
                description = "comma-separated personas, or training / heldout / all (default: ${DEFAULT-VALUE})")
        String personas;
        @Option(names = "--rules", split = ";",
                description = "state-dependent rules to try on the mix, separated by ';' (default: three built-in rules)")
        List<String> rules;
        @Option(names = "--out", description = "also write study.json and table.md into this folder")
        Path out;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Options.positive("--episodes-per-emotion", episodes);
            List<Persona> chosen = Personas.parseList(personas);
            List<String> ruleList = rules == null ? EmotionEffectStudy.DEFAULT_RULES : rules;
            ruleList.forEach(EmotionPolicies::parse);
            List<Scenario> scenarios = world.scenarios(episodes);
            Terminal t = new Terminal(spec);
            int cells = (chosen.size() + 1) * EmotionEffectStudy.fixedPolicies().size() + ruleList.size();
            Progress progress = new Progress(t.err(), "analyze sim " + world.domain().id(), (long) cells * episodes);
            EmotionEffectStudy.Result result = EmotionEffectStudy.run(world.world(), world.domain(), scenarios, chosen,
                    ruleList, episodes, world.seed, world.workers(), progress::step);
            progress.finish();
            String table = table(result);
            if (out != null) {
                AtomicFiles.writeString(out.resolve("study.json"), Json.pretty(result.toJson()) + "\n");
                AtomicFiles.writeString(out.resolve("table.md"), table);
                t.log("wrote " + out.resolve("study.json") + " and " + out.resolve("table.md"));
            }
            if (json) {
                t.json(result.toJson());
            } else {
                t.result(table);
            }
            return Main.EXIT_OK;
        }
    }

    /** A Markdown table: policies as rows, conditions as columns, expected utility [95% CI]; best marked *. */
    static String table(EmotionEffectStudy.Result r) {
        Map<String, Map<String, EmotionEffectStudy.Cell>> byPolicy = new LinkedHashMap<>();
        List<String> conditions = new ArrayList<>();
        for (EmotionEffectStudy.Cell c : r.cells()) {
            if (!conditions.contains(c.condition())) {
                conditions.add(c.condition());
            }
            byPolicy.computeIfAbsent(c.policy(), k -> new LinkedHashMap<>()).put(c.condition(), c);
        }
        Map<String, String> best = new LinkedHashMap<>();
        for (String cond : conditions) {
            r.cells(cond).stream().max((a, b) -> Double.compare(a.summary().expectedUtility(),
                    b.summary().expectedUtility())).ifPresent(c -> best.put(cond, c.policy()));
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "## analyze sim: %s, %d episodes per cell, seed %d%n%n",
                r.domain().id(), r.episodesPerCell(), r.seed()));
        sb.append("Expected utility [95% CI, bootstrap over scenarios]; * = best in column.\n\n");
        sb.append("| policy |");
        conditions.forEach(c -> sb.append(' ').append(c).append(" |"));
        sb.append("\n|---|");
        conditions.forEach(c -> sb.append("---|"));
        sb.append('\n');
        for (Map.Entry<String, Map<String, EmotionEffectStudy.Cell>> row : byPolicy.entrySet()) {
            sb.append("| ").append(row.getKey()).append(" |");
            for (String cond : conditions) {
                EmotionEffectStudy.Cell c = row.getValue().get(cond);
                if (c == null) {
                    sb.append(" |");
                    continue;
                }
                Stats.Interval ci = c.summary().expectedUtilityCi();
                sb.append(String.format(Locale.ROOT, " %.3f [%.3f, %.3f]%s |", c.summary().expectedUtility(),
                        ci.low(), ci.high(), row.getKey().equals(best.get(cond)) ? " *" : ""));
            }
            sb.append('\n');
        }
        sb.append("\nChecks:\n");
        for (EmotionEffectStudy.Check c : r.checks()) {
            sb.append(String.format(Locale.ROOT, "  [%s] %s: %s%n", c.passed() ? "PASS" : "FAIL", c.name(), c.detail()));
        }
        return sb.toString();
    }

    @Command(name = "emotions", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"The per-emotion (affective prompting) study of a fixed-emotion corpus.",
                    "Per emotion: success rate (Wilson 95%% CI), expected utility and the counterparty's mean "
                            + "first-turn concession (bootstrap 95%% CIs over scenarios), and whether emotion matters "
                            + "overall (Kruskal-Wallis and a permutation test). Writes emotions.csv, emotions.md, "
                            + "emotions.json and emotions.html (charts) to --out."})
    static final class Emotions implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--corpus", required = true, description = "corpus folder from 'sweep --policy fixed'")
        Path corpus;
        @Option(names = "--out", required = true, description = "folder for the tables and the HTML page")
        Path out;
        @Option(names = "--seed", defaultValue = "1", description = "seed of the bootstrap and permutation resampling (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--json", description = "print one JSON object: emotions (list) and p_value")
        boolean json;

        @Override
        public Integer call() {
            var episodes = dev.emodistill.corpus.CorpusDir.at(corpus).readEpisodes();
            var result = dev.emodistill.eval.EmotionCorpusStudy.of(episodes, seed);
            dev.emodistill.report.EmotionStudyReport.write(out, result, corpus.getFileName().toString());
            Terminal t = new Terminal(spec);
            if (json) {
                t.json(result.toJson());
            } else {
                t.result(dev.emodistill.report.Tables.markdown(dev.emodistill.report.EmotionStudyReport.table(result)));
                t.resultLine(String.format(Locale.ROOT, "Kruskal-Wallis p %s, permutation p = %.3g",
                        dev.emodistill.report.EmotionStudyReport.pValue(result.kruskalWallis().p()),
                        result.permutation().p()));
                t.resultLine("wrote emotions.csv, emotions.md, emotions.json, emotions.html to");
                t.resultLine(out.toAbsolutePath().normalize().toString());
            }
            return Main.EXIT_OK;
        }
    }
}
