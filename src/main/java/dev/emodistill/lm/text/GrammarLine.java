package dev.emodistill.lm.text;

import dev.emodistill.domain.Domain;
import dev.emodistill.negotiation.Role;
import java.util.Objects;

/**
 * One generated utterance with what it states.
 *
 * @param domain the negotiation domain
 * @param role   who says it
 * @param move   what it does
 * @param text   the words
 * @param offer  the value it states, in the domain unit (already rounded as rendered), or {@code null} when
 *               it states none; for an acceptance, the accepted value
 */
public record GrammarLine(Domain domain, Role role, Move move, String text, Double offer) {
    public GrammarLine {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(move, "move");
        Objects.requireNonNull(text, "text");
    }
}
