package dev.emodistill.negotiation;

/**
 * A bidding tactic's choice for this turn.
 *
 * @param act   offer, accept or walk away
 * @param value the offer in the domain unit (offers), the accepted value (accepts), or null
 */
public record Decision(Act act, Double value) {
    public static Decision offer(double value) {
        return new Decision(Act.OFFER, value);
    }

    public static Decision accept(double value) {
        return new Decision(Act.ACCEPT, value);
    }

    public static Decision walkAway() {
        return new Decision(Act.WALK_AWAY, null);
    }
}
