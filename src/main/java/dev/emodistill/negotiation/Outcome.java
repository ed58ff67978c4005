package dev.emodistill.negotiation;

/** How an episode ended. The four are distinct: an error is never counted as a walk-away or a deal. */
public enum Outcome {
    /** Offers met within tolerance, or one side accepted the other's standing offer. */
    DEAL,
    /** A side walked away. */
    WALKAWAY,
    /** The message limit was reached without agreement. */
    TIMEOUT,
    /** An agent or backend failed; the reason is recorded. */
    ERROR;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
