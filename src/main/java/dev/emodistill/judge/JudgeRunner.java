package dev.emodistill.judge;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Judges the focal turns of logged episodes. Each focal turn is scored against the history before it, with
 * the emotion it was generated under as the intended emotion; counterparty turns are left unjudged. Episodes
 * that ended in an error are judged too, over the focal turns they have.
 */
public final class JudgeRunner {
    private JudgeRunner() {
    }

    /** The episode with {@code judgeScore} and {@code judgeRationale} set on every focal turn. */
    public static CorpusEpisode judge(Judge judge, CorpusEpisode episode) {
        Objects.requireNonNull(judge, "judge");
        List<CorpusTurn> judged = new ArrayList<>(episode.turns().size());
        for (CorpusTurn turn : episode.turns()) {
            if (!turn.isFocal()) {
                judged.add(turn);
                continue;
            }
            JudgeScore s = judge.score(JudgeContext.at(episode, turn.index()), turn.text(), turn.emotion());
            judged.add(turn.judged(s.score(), s.rationale()));
        }
        return episode.withTurns(judged);
    }
}
