package dev.emodistill.negotiation;

/**
 * The counterparty role's utility (DESIGN §10): {@code 1 - u} on a deal, where {@code u} is the focal utility of the
 * deal, and 0 without one (walk-away, timeout, error). The two utilities of a deal add up to 1, so every unit the
 * focal agent wins the counterparty loses; a failed negotiation is worth nothing to either side.
 */
public final class CounterpartyUtility {
    private CounterpartyUtility() {
    }

    /** {@code 1 - focalUtility} for a deal, else 0. */
    public static double of(Outcome outcome, double focalUtility) {
        return outcome == Outcome.DEAL ? 1 - focalUtility : 0;
    }

    /** The counterparty's utility of a played episode. */
    public static double of(EpisodeResult result) {
        return of(result.outcome(), result.utility());
    }
}
