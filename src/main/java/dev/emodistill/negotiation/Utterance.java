package dev.emodistill.negotiation;

import dev.emodistill.emotion.Emotion;

/**
 * What an agent says on its turn, before the protocol parses it: the words, the act, the emotion it meant
 * to show, and (for the record) the number its tactic intended. The protocol never trusts
 * {@code intendedOffer}: the offer that counts is the one parsed from the text.
 *
 * @param text          the message as the other side reads it
 * @param act           offer, accept or walk away
 * @param emotion       the emotion the speaker chose to display ({@link Emotion#NO_EMOTION} for none)
 * @param intendedOffer the tactic's number, or {@code null}
 */
public record Utterance(String text, Act act, Emotion emotion, Double intendedOffer) {
}
