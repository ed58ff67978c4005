package dev.emodistill.lm.sft;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;

/**
 * One logged focal utterance with the score that ranks it for supervised fine-tuning.
 *
 * @param episode   the episode it belongs to (for the prompt's context)
 * @param t         the focal turn index
 * @param turn      the logged message (emotion, text, offer)
 * @param advantage how much better than usual this turn was (higher is better); only its rank matters
 */
public record LoggedTurn(CorpusEpisode episode, int t, CorpusTurn turn, double advantage) {
}
