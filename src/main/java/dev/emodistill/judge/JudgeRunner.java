package dev.emodistill.judge;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Judges the focal turns of logged episodes. Each focal turn is scored against the history before it, with
 * the emotion it was generated under as the intended emotion; counterparty turns are left unjudged. Episodes
 * that ended in an error are judged too, over the focal turns they have.
 */
public final class JudgeRunner {
    private JudgeRunner() {
    }

    /**
     * A focal turn the judge could not score.
     *
     * @param episodeId the episode
     * @param index     the message's transcript index
     * @param reason    what the judge reported
     */
    public record Unscored(String episodeId, int index, String reason) {
    }

    /** The episode with {@code judgeScore} and {@code judgeRationale} set on every focal turn. */
    public static CorpusEpisode judge(Judge judge, CorpusEpisode episode) {
        return judge(judge, episode, null);
    }

    /**
     * Like {@link #judge(Judge, CorpusEpisode)}, but a turn whose scoring throws {@link JudgeFailure} is left
     * unscored and reported to {@code onUnscored} (when that is null the failure propagates).
     */
    public static CorpusEpisode judge(Judge judge, CorpusEpisode episode, Consumer<Unscored> onUnscored) {
        Objects.requireNonNull(judge, "judge");
        List<CorpusTurn> judged = new ArrayList<>(episode.turns().size());
        for (CorpusTurn turn : episode.turns()) {
            if (!turn.isFocal()) {
                judged.add(turn);
                continue;
            }
            JudgeScore s;
            try {
                s = judge.score(JudgeContext.at(episode, turn.index()), turn.text(), turn.emotion());
            } catch (JudgeFailure f) {
                if (onUnscored == null) {
                    throw f;
                }
                onUnscored.accept(new Unscored(episode.episodeId(), turn.index(), f.getMessage()));
                judged.add(turn);
                continue;
            }
            judged.add(turn.judged(s.score(), s.rationale()));
        }
        return episode.withTurns(judged);
    }
}
