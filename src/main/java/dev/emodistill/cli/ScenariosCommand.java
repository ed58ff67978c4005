package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.PublishedCsvImporter;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioFetcher;
import dev.emodistill.domain.ScenarioFiles;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.domain.ScenarioSplit;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code emodistill scenarios generate|import|fetch}: make, import and download negotiation scenarios. */
@Command(name = "scenarios", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Generate, import or download negotiation scenarios (canonical JSON Lines format).",
        subcommands = {ScenariosCommand.Generate.class, ScenariosCommand.Import.class, ScenariosCommand.Fetch.class})
final class ScenariosCommand extends CommandGroup {

    static ObjectNode splitJson(List<Scenario> scenarios) {
        ScenarioSplit split = ScenarioSplit.of(scenarios);
        ObjectNode o = Json.object();
        o.put("train", split.train().size());
        o.put("test", split.test().size());
        o.put("rule", "first " + Math.round(ScenarioSplit.DEFAULT_TRAIN_FRACTION * 100) + "% of rows train, the rest test");
        return o;
    }

    @Command(name = "generate", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Generate seeded scenarios with the fields and ranges of the published sets.",
                    "The same domain, count and seed always give the same file."})
    static final class Generate implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--domain", required = true, description = "debt, disaster, student or medical")
        String domain;
        @Option(names = "--count", required = true, description = "number of scenarios (positive)")
        int count;
        @Option(names = "--seed", defaultValue = "1", description = "generator seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--out", required = true, description = "output scenario file (.jsonl), written atomically")
        Path out;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Domain d = Options.domain(domain);
            Options.positive("--count", count);
            List<Scenario> scenarios = ScenarioGenerator.generate(d, count, seed);
            ScenarioFiles.write(out, scenarios);
            Terminal t = new Terminal(spec);
            if (json) {
                ObjectNode o = Json.object();
                o.put("domain", d.id());
                o.put("scenarios", scenarios.size());
                o.put("seed", seed);
                o.put("estimated", scenarios.stream().filter(Scenario::estimated).count());
                o.put("out", out.toString());
                o.set("split", splitJson(scenarios));
                t.json(o);
            } else {
                t.resultLine("wrote " + scenarios.size() + " " + d.id() + " scenarios (seed " + seed + ") to " + out);
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "import", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Import a published scenario CSV (companion repository of the paper), defects and all.",
                    "Prints rows loaded and rows rejected with line numbers and reasons; exits 2 if any row is "
                    + "rejected unless --lenient. The output keeps every original field by header name."})
    static final class Import implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--domain", required = true, description = "debt, disaster, student or medical")
        String domain;
        @Option(names = "--csv", required = true, description = "the published CSV file")
        Path csv;
        @Option(names = "--out", required = true, description = "output scenario file (.jsonl), written atomically")
        Path out;
        @Option(names = "--lenient", description = "write the loaded rows and exit 0 even if some rows are rejected")
        boolean lenient;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Domain d = Options.domain(domain);
            Options.existingFile("--csv", csv);
            PublishedCsvImporter.ImportResult result = PublishedCsvImporter.importCsv(d, csv);
            boolean failed = !result.rejected().isEmpty() && !lenient;
            if (!failed) {
                ScenarioFiles.write(out, result.loaded());
            }
            Terminal t = new Terminal(spec);
            if (json) {
                ObjectNode o = Json.object();
                o.put("domain", d.id());
                o.put("csv", csv.toString());
                o.put("sha256", result.sha256());
                o.put("loaded", result.loaded().size());
                o.put("rejected", result.rejected().size());
                ArrayNode rej = o.putArray("rejections");
                result.rejected().forEach(r -> rej.addObject().put("line", r.line()).put("reason", r.reason()));
                o.put("estimated", result.loaded().stream().filter(Scenario::estimated).count());
                o.put("written", !failed);
                if (!failed) {
                    o.put("out", out.toString());
                }
                t.json(o);
            } else {
                t.resultLine("rows loaded: " + result.loaded().size()
                        + " (" + result.loaded().stream().filter(Scenario::estimated).count() + " with estimated targets)");
                t.resultLine("rows rejected: " + result.rejected().size());
                for (PublishedCsvImporter.Rejected r : result.rejected()) {
                    t.resultLine("  " + csv + " line " + r.line() + ": " + r.reason());
                }
                t.resultLine(failed ? "nothing written: fix the rows above or pass --lenient"
                        : "wrote " + result.loaded().size() + " scenarios to " + out);
            }
            return failed ? Main.EXIT_BAD_INPUT : Main.EXIT_OK;
        }
    }

    @Command(name = "fetch", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Download the four published scenario CSVs (needs network access).",
                    "Source: the paper's companion repository, https://github.com/Yunbo-max/EmoMAS (MIT, research "
                    + "use)."})
    static final class Fetch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--out", required = true, description = "folder for the four CSV files")
        Path out;
        @Option(names = "--base-url", description = "alternative base URL ending in / (a mirror)")
        URI baseUrl;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            if (baseUrl != null && !("http".equals(baseUrl.getScheme()) || "https".equals(baseUrl.getScheme()))) {
                throw new InputException("--base-url must be an http or https URL, got '" + baseUrl + "'");
            }
            ScenarioFetcher fetcher = baseUrl == null ? new ScenarioFetcher() : new ScenarioFetcher(baseUrl);
            Terminal t = new Terminal(spec);
            t.log("downloading from " + fetcher.baseUrl());
            List<ScenarioFetcher.Fetched> files = fetcher.fetchAll(out);
            if (json) {
                ObjectNode o = Json.object();
                o.put("base_url", fetcher.baseUrl().toString());
                ArrayNode arr = o.putArray("files");
                files.forEach(f -> arr.addObject().put("name", f.name()).put("path", f.file().toString())
                        .put("bytes", f.bytes()).put("sha256", f.sha256()));
                t.json(o);
            } else {
                files.forEach(f -> t.resultLine(f.file() + "  " + f.bytes() + " bytes  sha256 " + f.sha256()));
            }
            return Main.EXIT_OK;
        }
    }
}
