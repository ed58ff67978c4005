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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Judges a whole corpus: every focal turn of every episode gets a score and a rationale (or, when the caller lets
 * the run go on past a {@link JudgeFailure}, is left unscored and listed in the manifest), the result is written
 * as {@code judged.jsonl} atomically (a temporary file renamed into place, so a crash leaves either the old state
 * or the complete file), and only then is it recorded in the manifest with its hash and the judge's description.
 */
public final class CorpusJudging {
    private CorpusJudging() {
    }

    /** Unscored turns listed in the manifest at most; the count is always exact. */
    static final int UNSCORED_LISTED = 100;

    /** What was judged; {@code unscored} lists the turns the judge could not score (in episode order). */
    public record Result(int episodes, int scoredTurns, double meanScore, int[] histogram,
                         List<JudgeRunner.Unscored> unscored) {
    }

    public static Result run(CorpusDir corpus, Judge judge, int workers, Runnable onEpisode) {
        return run(corpus, judge, workers, onEpisode, false);
    }

    /**
     * Judges the corpus. With {@code keepGoing}, a turn whose scoring throws {@link JudgeFailure} is left unscored
     * (no {@code judge_score} in the file) and listed in the manifest's {@code judged.unscored}; otherwise the
     * first such failure stops the run and nothing is written.
     */
    public static Result run(CorpusDir corpus, Judge judge, int workers, Runnable onEpisode, boolean keepGoing) {
        try (CorpusDir.Lock lock = corpus.lock()) {
            List<CorpusEpisode> episodes = corpus.readSweepEpisodes();
            ConcurrentLinkedQueue<JudgeRunner.Unscored> failures = new ConcurrentLinkedQueue<>();
            List<CorpusEpisode> judged = Parallel.map(episodes, workers, "judge-worker",
                    e -> JudgeRunner.judge(judge, e, keepGoing ? failures::add : null), onEpisode);
            Map<String, Integer> order = new HashMap<>();
            for (int i = 0; i < episodes.size(); i++) {
                order.put(episodes.get(i).episodeId(), i);
            }
            List<JudgeRunner.Unscored> unscored = failures.stream()
                    .sorted(Comparator.comparing((JudgeRunner.Unscored u) -> order.get(u.episodeId()))
                            .thenComparingInt(JudgeRunner.Unscored::index))
                    .toList();
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
                    if (t.judgeScore() == null) {
                        continue;
                    }
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
            if (!unscored.isEmpty()) {
                record.put("unscored_turns", unscored.size());
                var list = record.putArray("unscored");
                unscored.stream().limit(UNSCORED_LISTED).forEach(u -> list.addObject().put("episode_id", u.episodeId())
                        .put("index", u.index()).put("reason", u.reason()));
            }
            record.set("created_by", Provenance.createdBy("judge"));
            record.put("judged_at", Instant.now().toString());
            corpus.writeManifest(manifest);
            return new Result(judged.size(), turns, mean, histogram, unscored);
        }
    }
}
