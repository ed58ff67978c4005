package dev.emodistill.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.lm.NoGrad;
import dev.emodistill.pipeline.Pipeline;
import dev.emodistill.pipeline.PipelineException;
import dev.emodistill.pipeline.Stage;
import dev.emodistill.pipeline.StudyCollector;
import dev.emodistill.pipeline.StudyPlan;
import dev.emodistill.pipeline.StudyScale;
import dev.emodistill.report.StudyReport;
import dev.emodistill.report.StudyResults;
import dev.emodistill.report.StudyTables;
import dev.emodistill.report.Tables;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill reproduce}: the whole study, every stage cached, and its report. */
@Command(name = "reproduce", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Run the whole EmoDistill study on the embedded default and write its report.",
                "Per domain: sweep (random emotions, training personas) -> judge -> IQL selectors -> SFT, emotion-free "
                        + "SFT and JPO on one shared pocket base LM -> expression probes on held-out situations -> "
                        + "evaluation of ten methods on held-out scenarios -> held-out personas -> per-emotion audit "
                        + "against sim:vanilla -> transfer of selectors trained without domain features to every "
                        + "domain -> counterparty-role sweep and IQL selectors -> round-robin tournament of trained and "
                        + "untrained focal agents against trained and untrained counterparties -> report (OUT/report/report.html, results.md, results.json, tables/*.csv).",
                "Every stage is cached in OUT/stages/NAME-KEY/ by the hash of its configuration, its inputs' keys and "
                        + "the code version: run the same command again after an interruption and it resumes at the "
                        + "first incomplete stage; change one size and only that stage and those below it run again. "
                        + "See docs/reproduce.md."})
final class ReproduceCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--scale", required = true, description = "tiny (a smoke run of every stage, minutes), small (the "
            + "scale the claims are checked at, hours) or paper (the paper's sizes)")
    String scale;
    @CommandLine.Mixin
    StudyOptions options;

    @Override
    public Integer call() {
        if (!StudyScale.NAMES.contains(scale.toLowerCase(Locale.ROOT))) {
            throw new InputException("--scale must be one of " + String.join(", ", StudyScale.NAMES) + ", got '"
                    + scale + "'");
        }
        String preset = scale.toLowerCase(Locale.ROOT);
        return run(spec, options, preset, Path.of("runs", "reproduce-" + preset), "reproduce");
    }

    /** Runs the study at {@code preset} (with the overrides in {@code options}) and prints the main table. */
    static int run(CommandLine.Model.CommandSpec spec, StudyOptions options, String preset, Path defaultOut,
                   String command) {
        StudyScale s = options.scale(preset);
        List<Domain> domains = options.domainList();
        Path out = (options.out == null ? defaultOut : options.out).toAbsolutePath().normalize();
        String outText = out.toString();
        if (outText.contains(",") || outText.contains("+")) {
            // evaluate takes agents as a comma-separated list of paths and pools checkpoints with '+'
            throw new InputException("--out: the run folder's path must not contain ',' or '+': " + outText);
        }
        Terminal t = new Terminal(spec);
        // Load the engine on this thread before any stage does on a worker: the thread that loads PyTorch is the one
        // DJL switches gradient recording off for, and commands run later on this thread (in a test, or an
        // embedding application) update weights in place, which a recording thread refuses.
        ai.djl.engine.Engine.getEngine("PyTorch");
        StudyPlan.LargeModel largeModel = options.largeModel();
        StudyPlan.Commands commands = options.fork ? new ChildProcessCommands() : ReproduceCommand::inner;
        List<Stage> planned = StudyPlan.stages(s, domains, options.seed, commands,
                Runtime.getRuntime().availableProcessors(), largeModel);
        List<Stage> stages = options.fork ? StudyPlan.inSeparateProcesses(planned) : planned;
        t.log(String.format(Locale.ROOT, "%s: scale %s, domains %s, seed %d -> %s", command, s.name(),
                String.join(",", domains.stream().map(Domain::id).toList()), options.seed, out));
        Pipeline.Result result;
        try {
            result = Pipeline.run(out, stages, Pipeline.Settings.of(options.jobs(), t.err()));
        } catch (PipelineException e) {
            t.log(command + " stopped: " + e.getMessage());
            t.log("the stages that finished are kept in " + out.resolve(Pipeline.STAGES)
                    + "; run the same command again to resume");
            Throwable cause = e.getCause();
            if (cause instanceof Nested.NestedFailure nested) {
                return nested.exitCode;
            }
            return cause instanceof InputException ? Main.EXIT_BAD_INPUT : Main.EXIT_FAILURE;
        }
        ObjectNode provenance = Provenance.createdBy(command);
        provenance.put("seed", options.seed);
        provenance.set("domains", Json.MAPPER.valueToTree(domains.stream().map(Domain::id).toList()));
        provenance.set("scale", s.toJson());
        provenance.put("run_folder", outText);
        if (largeModel != null) {
            provenance.put("large_model", largeModel.model());
        }
        StudyResults results = StudyCollector.collect(s, domains, result, provenance, Instant.now());
        StudyReport.Output report = StudyReport.write(out.resolve("report"), results);
        String html = report.html().toAbsolutePath().normalize().toString();
        if (options.json) {
            t.json(summary(s, result, results, report, out));
        } else {
            t.resultLine(results.title() + ": expected utility on held-out scenarios with 95 % CIs");
            t.resultLine("(reference for the paired comparisons in the report: " + dev.emodistill.pipeline.StudyMethod.FULL_STACK.label() + ")");
            t.resultLine("");
            t.result(Tables.markdown(StudyTables.overview(results)));
            t.resultLine("");
            t.resultLine(StudyTables.claimSummary(results) + " (see the report's claims section)");
            t.resultLine(String.format(Locale.ROOT, "%d stages: %d run now, %d complete from an earlier run; %.0f s. "
                            + "Stage folders: %s. Report:", result.outcomes().size(), result.executed().size(),
                    result.skipped().size(), result.seconds(), out.resolve(Pipeline.STAGES)));
            t.resultLine(html);
        }
        return Main.EXIT_OK;
    }

    private static ObjectNode summary(StudyScale s, Pipeline.Result result, StudyResults results,
                                      StudyReport.Output report, Path out) {
        ObjectNode o = Json.object();
        o.put("out", out.toString());
        o.put("report", report.html().toAbsolutePath().normalize().toString());
        o.put("results_json", report.json().toAbsolutePath().normalize().toString());
        o.set("scale", s.toJson());
        o.put("stages", result.outcomes().size());
        o.put("executed", result.executed().size());
        o.put("skipped", result.skipped().size());
        o.put("seconds", Json.round(result.seconds(), 1));
        ArrayNode claims = o.putArray("claims");
        results.claims().forEach(c -> claims.addObject().put("claim", c.text()).put("verdict", c.verdict())
                .put("evidence", c.evidence()));
        o.set("main", results.toJson().get("methods"));
        return o;
    }

    /**
     * A stage's command, run in this process: its output is captured as JSON, its log goes to the stage's log.
     * Stages run on worker threads, where PyTorch records gradients by default (unlike the thread that loaded the
     * engine, which the commands are written for: training switches recording on inside its gradient collector and
     * updates weights in place outside it), so recording is switched off around the command.
     */
    static JsonNode inner(PrintWriter log, List<String> args) {
        StringWriter captured = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(captured, true));
        cl.setErr(log);
        int code;
        ai.djl.engine.Engine.getEngine("PyTorch"); // loads the native library NoGrad calls into
        try (NoGrad g = NoGrad.enter()) {
            code = cl.execute(args.toArray(String[]::new));
        }
        return Nested.result(code, captured.toString(), args);
    }
}
