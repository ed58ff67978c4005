package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.io.Json;
import dev.emodistill.judge.CorpusJudging;
import dev.emodistill.judge.EmbeddedJudge;
import dev.emodistill.judge.Judge;
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
                        + "atomically and records it in the manifest; later commands (dataset, analyses) use it."})
final class JudgeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = "--corpus", required = true, description = "corpus folder from 'emodistill sweep'")
    Path corpus;
    @Option(names = "--workers", defaultValue = "0", description = "worker threads (default: one per core)")
    int workers;
    @Option(names = "--json", description = "print one JSON object instead of text")
    boolean json;

    @Override
    public Integer call() {
        Judge judge = new EmbeddedJudge();
        CorpusDir dir = CorpusDir.at(corpus);
        Terminal t = new Terminal(spec);
        int planned = dir.manifest().path("planned_episodes").asInt();
        Progress progress = new Progress(t.err(), "judge", planned);
        CorpusJudging.Result r = CorpusJudging.run(dir, judge, Options.workers(workers), progress::step);
        progress.finish();
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
}
