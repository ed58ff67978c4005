package dev.emodistill.rl;

import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Role;

/**
 * Each side's standing offer as a transcript is replayed, under one rule shared by the state features and the
 * rewards so that the two never disagree about where a side stands:
 * <ul>
 *   <li>an explicit acceptance of the other side's standing offer moves the accepter onto that offer (that
 *       is what the protocol's deal value is);</li>
 *   <li>otherwise a message that states an offer makes it the speaker's standing offer;</li>
 *   <li>a message without an offer (a walk-away, an accept with nothing to accept, words without a number)
 *       leaves the speaker where it was.</li>
 * </ul>
 * A side with no standing offer yet is null here; callers map that onto its own target on the position scale.
 * Mutable: a replay cursor, not a value.
 */
public final class StandingOffers {
    private Double focal;
    private Double counterparty;

    /** Applies the next message of the transcript. */
    public void apply(Role speaker, Act act, Double offer) {
        Double other = standing(speaker.other());
        Double next = standing(speaker);
        if (act == Act.ACCEPT && other != null) {
            next = other;
        } else if (act != Act.WALK_AWAY && offer != null) {
            next = offer;
        }
        if (speaker == Role.FOCAL) {
            focal = next;
        } else {
            counterparty = next;
        }
    }

    public void apply(StateMessage m) {
        apply(m.speaker(), m.act(), m.offer());
    }

    /** The standing offer of {@code who}, or null before it has one. */
    public Double standing(Role who) {
        return who == Role.FOCAL ? focal : counterparty;
    }
}
