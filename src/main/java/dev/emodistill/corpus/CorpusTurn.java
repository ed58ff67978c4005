package dev.emodistill.corpus;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Role;

/**
 * One logged message of a corpus episode (DESIGN §5): who spoke, on which turn, what they did and said, the
 * offer parsed from the text, the emotion the speaker chose and the emotion the receiver perceived; after
 * {@code emodistill judge}, focal turns also carry the judge's score and rationale.
 *
 * @param index          position in the transcript, 0-based
 * @param speaker        focal or counterparty
 * @param turn           the speaker's 0-based turn index (a focal turn and the reply to it share t)
 * @param act            offer, accept or walk away
 * @param emotion        the emotion the speaker chose to display
 * @param text           the words
 * @param offer          parsed offer in the domain unit, or null
 * @param perceived      the receiver's perceived emotion distribution (28 probabilities)
 * @param judgeScore     1-10 for judged focal turns, else null
 * @param judgeRationale one line for judged focal turns, else null
 */
public record CorpusTurn(int index, Role speaker, int turn, Act act, Emotion emotion, String text, Double offer,
                         EmotionDistribution perceived, Integer judgeScore, String judgeRationale) {

    public boolean isFocal() {
        return speaker == Role.FOCAL;
    }

    /** This turn with a judge's verdict attached. */
    public CorpusTurn judged(int score, String rationale) {
        return new CorpusTurn(index, speaker, turn, act, emotion, text, offer, perceived, score, rationale);
    }
}
