package dev.emodistill.judge;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JudgeRunnerTest {
    private static final EmbeddedJudge JUDGE = new EmbeddedJudge();

    @Test
    void judgesEveryFocalTurnOfAnErrorEpisodeAndNoCounterpartyTurn() {
        DomainCase c = DomainCase.debt();
        List<CorpusTurn> turns = new ArrayList<>(c.history());
        // The episode broke after the focal agent's third message, which was meant to be angry.
        turns.add(new CorpusTurn(4, Role.FOCAL, 2, Act.OFFER, Emotion.ANGER, c.onEmotion(), 26.0,
                EmotionDistribution.pure(Emotion.ANGER), null, null));
        CorpusEpisode episode = JudgeContextTest.episode(c, Outcome.ERROR, turns);

        CorpusEpisode judged = JudgeRunner.judge(JUDGE, episode);

        assertEquals(episode.withTurns(judged.turns()), judged, "only the turns change");
        assertEquals(turns.size(), judged.turns().size());
        for (int i = 0; i < turns.size(); i++) {
            CorpusTurn before = turns.get(i);
            CorpusTurn after = judged.turns().get(i);
            if (before.isFocal()) {
                JudgeScore expected = JUDGE.score(JudgeContext.at(episode, before.index()), before.text(),
                        before.emotion());
                assertEquals(expected.score(), after.judgeScore());
                assertEquals(expected.rationale(), after.judgeRationale());
            } else {
                assertNull(after.judgeScore());
                assertNull(after.judgeRationale());
                assertEquals(before, after);
            }
        }
        // The last turn was judged against its own intended emotion, not the control.
        CorpusTurn last = judged.turns().get(4);
        assertNotNull(last.judgeScore());
        assertTrue(last.judgeRationale().contains("shows anger as intended"), last.judgeRationale());
        assertNull(episode.turns().get(4).judgeScore(), "the input episode is left as it was");
    }
}
