package dev.emodistill.rl;

import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Role;

import java.util.Objects;

/**
 * The part of one transcript message that the state sees: who spoke, what they did, the emotion they chose,
 * the offer parsed from the words and the emotion the receiver perceived. Built from a logged
 * {@link CorpusTurn} or from a live {@link Message}, so offline training and live acting share one state.
 *
 * @param speaker   focal or counterparty
 * @param act       offer, accept or walk away
 * @param emotion   the emotion the speaker chose ({@link Emotion#NO_EMOTION} for none)
 * @param offer     the parsed offer in the domain unit, or null
 * @param perceived the receiver's perceived emotion distribution of the text
 * @param text      the words, for the optional text features of the state; may be null when those are off
 */
public record StateMessage(Role speaker, Act act, Emotion emotion, Double offer, EmotionDistribution perceived,
                           String text) {

    public StateMessage {
        Objects.requireNonNull(speaker, "speaker");
        Objects.requireNonNull(act, "act");
        Objects.requireNonNull(perceived, "perceived");
        emotion = emotion == null ? Emotion.NO_EMOTION : emotion;
    }

    public static StateMessage of(CorpusTurn turn) {
        return new StateMessage(turn.speaker(), turn.act(), turn.emotion(), turn.offer(), turn.perceived(),
                turn.text());
    }

    public static StateMessage of(Message message) {
        return new StateMessage(message.speaker(), message.act(), message.emotion(), message.offer(),
                message.perceived(), message.text());
    }
}
