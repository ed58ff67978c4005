package dev.emodistill.lm.text;

import dev.emodistill.domain.Domain;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Role;
import java.util.List;
import java.util.Objects;

/**
 * What a prompt for the pocket LM is made of (see {@link DialogueText}).
 *
 * @param domain  the negotiation domain
 * @param role    who the model speaks as
 * @param context the conversation so far, oldest first, each line already labelled (see
 *                {@link DialogueText#contextLine}); only the last {@link DialogueText#MAX_CONTEXT_LINES} are used
 * @param emotion the emotion to express, or {@code null} (or {@link Emotion#NO_EMOTION}) for none
 * @param act     what the message must do, or {@code null} for a free reply (a question, a closing)
 * @param offer   the value an {@code OFFER} states, or the value an {@code ACCEPT} takes, in the domain unit;
 *                {@code null} when there is none
 */
public record PromptParts(Domain domain, Role role, List<String> context, Emotion emotion, Act act, Double offer) {
    public PromptParts {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(role, "role");
        context = List.copyOf(context);
        if (offer != null && !Double.isFinite(offer)) {
            throw new IllegalArgumentException("offer must be finite, got " + offer);
        }
    }

    /** The same parts with another emotion (for the emotion-free ablation or a sweep). */
    public PromptParts withEmotion(Emotion other) {
        return new PromptParts(domain, role, context, other, act, offer);
    }
}
