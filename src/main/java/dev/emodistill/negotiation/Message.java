package dev.emodistill.negotiation;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;

/**
 * One message of the transcript: the text and the offer parsed from it travel separately (the offer is
 * parsed once, deterministically, when the message is sent), with the act, the emotion the speaker chose
 * and the emotion the receiver perceived in the text.
 *
 * @param index     position in the transcript, 0-based
 * @param speaker   who sent it
 * @param turn      the speaker's 0-based turn index (focal turn t and the counterparty reply to it share t)
 * @param text      the words
 * @param offer     the value parsed from the text in the domain's unit, or {@code null}
 * @param act       offer, accept or walk away
 * @param emotion   the displayed emotion the speaker intended
 * @param perceived the emotion distribution the receiver's classifier read from the text
 */
public record Message(int index, Role speaker, int turn, String text, Double offer, Act act, Emotion emotion,
                      EmotionDistribution perceived) {
    public boolean hasOffer() {
        return offer != null;
    }
}
