package dev.emodistill.lm.text;

import dev.emodistill.negotiation.Act;

/**
 * What a line of neutral negotiation text does. Finer than the protocol's {@link Act}, because the grammar
 * words openings, counter-offers and questions differently even though the protocol sees them all as
 * (possibly number-free) offer messages.
 */
public enum Move {
    /** A greeting, the speaker's situation, and a first offer. */
    OPENING,
    /** An offer, often with a reason. */
    OFFER,
    /** A revised offer in answer to the other side's, sometimes naming theirs first. */
    COUNTER_OFFER,
    /** A clarifying question; states no number. */
    QUESTION,
    /** Takes the other side's standing offer, restating it. */
    ACCEPT,
    /** Wraps up after an agreement, sometimes restating the agreed value. */
    CLOSING,
    /** Ends the negotiation without an agreement, politely. */
    WALK_AWAY;

    /**
     * The protocol act this move carries: {@code null} for a question (no offer) and for a closing (the
     * negotiation is already decided when it is said).
     */
    public Act act() {
        return switch (this) {
            case OPENING, OFFER, COUNTER_OFFER -> Act.OFFER;
            case ACCEPT -> Act.ACCEPT;
            case WALK_AWAY -> Act.WALK_AWAY;
            case QUESTION, CLOSING -> null;
        };
    }
}
