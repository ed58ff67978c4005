package dev.emodistill.lm.sft;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.Rewards;
import dev.emodistill.corpus.TransitionFixtures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SftSelectionTest {
    @Test
    void returnsRankTurnsByOwnRewardPlusLambdaTimesTheEpisodeReturn() {
        CorpusEpisode deal = TransitionFixtures.debtDeal();
        CorpusEpisode timeout = TransitionFixtures.debtTimeout();
        var reward = Rewards.byName(Rewards.DEFAULT_NAME);
        List<LoggedTurn> turns = TurnAdvantages.returns(List.of(deal, timeout), reward, 0.5);
        assertEquals(deal.focalTurns().size() + timeout.focalTurns().size(), turns.size());
        double dealReturn = 0;
        for (int t = 0; t < deal.focalTurns().size(); t++) {
            dealReturn += reward.reward(deal, t);
        }
        assertEquals(reward.reward(deal, 1) + 0.5 * dealReturn, turns.get(1).advantage(), 1e-12);
    }

    @Test
    void topKeepsTheBestShareDeterministically() {
        CorpusEpisode e = TransitionFixtures.debtDeal();
        List<LoggedTurn> turns = List.of(new LoggedTurn(e, 0, e.focalTurns().get(0), 0.1),
                new LoggedTurn(e, 1, e.focalTurns().get(1), 0.9), new LoggedTurn(e, 2, e.focalTurns().get(2), 0.5),
                new LoggedTurn(e, 3, e.focalTurns().get(0), 0.5));
        assertEquals(List.of(1, 2), SftSelection.top(turns, 0.5).stream().map(LoggedTurn::t).toList());
        assertEquals(1, SftSelection.top(turns, 0.01).size(), "at least one");
        assertEquals(4, SftSelection.top(turns, 1).size());
        assertTrue(SftSelection.top(List.of(), 0.3).isEmpty());
        assertThrows(IllegalArgumentException.class, () -> SftSelection.top(turns, 0));
    }
}
