package dev.emodistill.judge;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.corpus.EpisodeCodec;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;
import dev.emodistill.io.Parallel;
import dev.emodistill.io.Provenance;

import java.time.Instant;
import java.util.List;

/**
 * Judges a whole corpus: every focal turn of every episode gets a score and a rationale, the result is written
 * as {@code judged.jsonl} atomically (a temporary file renamed into place, so a crash leaves either the old state
 * or the complete file), and only then is it recorded in the manifest with its hash and the judge's description.
 */
public final class CorpusJudging {
    private CorpusJudging() {
    }

    /** What was judged. */
    public record Result(int episodes, int scoredTurns, double meanScore, int[] histogram) {
    }

    public static Result run(CorpusDir corpus, Judge judge, int workers, Runnable onEpisode) {
        try (CorpusDir.Lock lock = corpus.lock()) {
            List<CorpusEpisode> episodes = corpus.readSweepEpisodes();
            List<CorpusEpisode> judged = judgeAll(episodes, judge, workers, onEpisode);
            AtomicFiles.write(corpus.judgedFile(), out -> {
                for (CorpusEpisode e : judged) {
                    out.write(Json.line(EpisodeCodec.toJson(e)));
                    out.write('\n');
                }
            });
            int[] histogram = new int[11];
            int turns = 0;
            long sum = 0;
            for (CorpusEpisode e : judged) {
                for (CorpusTurn t : e.focalTurns()) {
                    histogram[t.judgeScore()]++;
                    sum += t.judgeScore();
                    turns++;
                }
            }
            double mean = turns == 0 ? Double.NaN : sum / (double) turns;
            ObjectNode manifest = corpus.manifest();
            ObjectNode record = manifest.putObject("judged");
            record.put("file", CorpusDir.JUDGED);
            record.put("sha256", Provenance.sha256(corpus.judgedFile()));
            record.put("judge", judge.describe());
            record.put("scored_turns", turns);
            record.put("mean_score", Json.round(mean, 4));
            var hist = record.putObject("score_histogram");
            for (int s = 1; s <= 10; s++) {
                hist.put(Integer.toString(s), histogram[s]);
            }
            record.set("created_by", Provenance.createdBy("judge"));
            record.put("judged_at", Instant.now().toString());
            corpus.writeManifest(manifest);
            return new Result(judged.size(), turns, mean, histogram);
        }
    }

    private static List<CorpusEpisode> judgeAll(List<CorpusEpisode> episodes, Judge judge, int workers, Runnable onEpisode) {
        return Parallel.map(episodes, workers, "judge-worker", e -> JudgeRunner.judge(judge, e), onEpisode);
    }
}
