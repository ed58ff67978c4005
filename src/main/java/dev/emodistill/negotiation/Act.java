package dev.emodistill.negotiation;

/**
 * What a message does besides its words. An {@code OFFER} message states a number (parsed from its text);
 * {@code ACCEPT} takes the other side's standing offer; {@code WALK_AWAY} ends the negotiation without a deal.
 */
public enum Act {
    OFFER, ACCEPT, WALK_AWAY;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
