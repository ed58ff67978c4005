package dev.emodistill.lm.sft;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.corpus.Reward;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.rl.SelectorModel;
import dev.emodistill.rl.StateBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * Scores every usable logged focal turn for SFT data selection (DESIGN §9). Two rankings:
 * <ul>
 *   <li>{@link #critic}: the IQL critic's advantage Q(s, e) − V(s) of the emotion the turn showed, in the state
 *       the selector would have seen — the default, since it credits a turn with the whole future it led to;</li>
 *   <li>{@link #returns}: the turn's own reward plus λ times the episode's return (the undiscounted sum of the
 *       same reward over its focal turns) — needs no trained selector.</li>
 * </ul>
 * Usable turns: focal, with text, in an episode that did not end in {@code error}, and (for the critic) with one
 * of the 28 emotions, since the no-emotion control is not an action the critic knows.
 */
public final class TurnAdvantages {
    private TurnAdvantages() {
    }

    /** Q(s, e) − V(s) from a trained IQL selector (which must have critics). */
    public static List<LoggedTurn> critic(List<CorpusEpisode> episodes, SelectorModel selector) {
        if (selector.q1() == null || selector.v() == null) {
            throw new IllegalArgumentException("the '" + selector.algorithm() + "' selector has no Q and V critics; "
                    + "give an IQL checkpoint or rank by returns");
        }
        StateBuilder states = new StateBuilder(selector.schema());
        List<LoggedTurn> out = new ArrayList<>();
        for (CorpusEpisode e : episodes) {
            if (!usable(e)) {
                continue;
            }
            List<CorpusTurn> focal = e.focalTurns();
            for (int t = 0; t < focal.size(); t++) {
                CorpusTurn turn = focal.get(t);
                if (turn.text() == null || turn.emotion().isControl()) {
                    continue;
                }
                float[] s = states.build(e, t);
                out.add(new LoggedTurn(e, t, turn, selector.q(s)[turn.emotion().index()] - selector.v(s)));
            }
        }
        return out;
    }

    /** r_t + λ · Σ_k r_k with the given per-turn reward. */
    public static List<LoggedTurn> returns(List<CorpusEpisode> episodes, Reward reward, double lambda) {
        List<LoggedTurn> out = new ArrayList<>();
        for (CorpusEpisode e : episodes) {
            if (!usable(e)) {
                continue;
            }
            List<CorpusTurn> focal = e.focalTurns();
            double[] r = new double[focal.size()];
            double total = 0;
            for (int t = 0; t < focal.size(); t++) {
                r[t] = reward.reward(e, t);
                total += r[t];
            }
            for (int t = 0; t < focal.size(); t++) {
                if (focal.get(t).text() != null) {
                    out.add(new LoggedTurn(e, t, focal.get(t), r[t] + lambda * total));
                }
            }
        }
        return out;
    }

    private static boolean usable(CorpusEpisode e) {
        return e.outcome() != Outcome.ERROR && !e.focalTurns().isEmpty();
    }
}
