package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.io.Json;
import dev.emodistill.judge.CorpusJudging;
import dev.emodistill.judge.Judge;
import dev.emodistill.llm.LlmException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill judge}: score every focal turn of a corpus. */
@Command(name = "judge", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Score every focal turn of a corpus 1-10 with a one-line rationale.",
                "The embedded judge applies the DESIGN rubric (firmness vs realism, empty threats, emotion fidelity "
                        + "read by the classifier's evaluation head, clarity) deterministically. Writes DIR/judged.jsonl "
                        + "atomically and records it in the manifest; later commands (dataset, analyses) use it.",
                "--judge llm scores with a chat model instead (docs/llm.md); a turn the model cannot score is left "
                        + "unscored and listed in the manifest, never given a default score."})
final class JudgeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--corpus", required = true, description = "corpus folder from 'emodistill sweep'")
    Path corpus;
    @Option(names = "--workers", defaultValue = "0", description = "worker threads (default: one per core)")
    int workers;
    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;
    @Option(names = "--judge", paramLabel = "embedded|llm", description = "the embedded rubric (default) or a chat "
            + "model scoring with the rubric prompt (strict 'SCORE: n'; see --judge-llm-model)")
    String judgeChoice;
    @Option(names = "--classifier", paramLabel = "embedded|llm|DIR", description = "the embedded judge's emotion "
            + "reader: the built-in evaluation head (default), a chat model, or a classifier folder")
    String classifier;
    @CommandLine.Mixin
    LlmOptions llm;

    @Override
    public Integer call() {
        LlmRun llmRun = LlmRun.forJudge(llm, judgeChoice, classifier);
        Judge judge = llmRun.judge();
        CorpusDir dir = CorpusDir.at(corpus);
        Terminal t = new Terminal(spec);
        int planned = dir.manifest().path("planned_episodes").asInt();
        Progress progress = new Progress(t.err(), "judge", planned);
        boolean keepGoing = llmRun.usesLlm() && !llmRun.config.stopOnError();
        CorpusJudging.Result r;
        try {
            r = CorpusJudging.run(dir, judge, Options.workers(workers), progress::step, keepGoing);
        } catch (RuntimeException e) {
            throw e instanceof LlmException ? LlmRun.fail(e, "nothing was written; replies received so far are "
                    + "cached, so a rerun only asks again for the rest") : e;
        } finally {
            progress.finish();
            llmRun.report(t);
        }
        if (llmRun.usesLlm()) {
            recordUsage(dir, llmRun.usage());
        }
        if (!r.unscored().isEmpty()) {
            t.log("warning: " + r.unscored().size() + " focal turn(s) could not be scored and are left unscored "
                    + "(listed under judged.unscored in " + dir.manifestFile() + "), e.g. "
                    + r.unscored().get(0).episodeId() + " message " + r.unscored().get(0).index() + ": "
                    + r.unscored().get(0).reason() + "; run the same command again to retry them");
        }
        if (json) {
            ObjectNode o = Json.object();
            o.put("corpus", corpus.toString());
            o.put("judged_file", dir.judgedFile().toString());
            o.put("episodes", r.episodes());
            o.put("scored_turns", r.scoredTurns());
            o.put("mean_score", Json.round(r.meanScore(), 4));
            ObjectNode hist = o.putObject("score_histogram");
            for (int s = 1; s <= 10; s++) {
                hist.put(Integer.toString(s), r.histogram()[s]);
            }
            o.put("judge", judge.describe());
            o.put("unscored_turns", r.unscored().size());
            if (llmRun.usesLlm()) {
                o.set("llm", llmRun.usage());
            }
            t.json(o);
        } else {
            StringBuilder h = new StringBuilder();
            for (int s = 1; s <= 10; s++) {
                h.append(String.format(Locale.ROOT, " %d:%d", s, r.histogram()[s]));
            }
            t.resultLine(String.format(Locale.ROOT, "judged %d focal turns of %d episodes: mean score %.2f; scores%s",
                    r.scoredTurns(), r.episodes(), r.meanScore(), h));
            t.resultLine("wrote " + dir.judgedFile());
        }
        return Main.EXIT_OK;
    }

    /** Records the run's LLM usage (calls, tokens, cost) beside the judged file's entry in the manifest. */
    @SuppressWarnings("try") // the lock is held for the read-modify-write, never referenced
    private static void recordUsage(CorpusDir dir, ObjectNode usage) {
        try (CorpusDir.Lock lock = dir.lock()) {
            ObjectNode manifest = dir.manifest();
            if (manifest.path("judged").isObject()) {
                ((ObjectNode) manifest.get("judged")).set("llm_usage", usage);
                dir.writeManifest(manifest);
            }
        }
    }
}
