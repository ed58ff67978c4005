package dev.emodistill.negotiation;

/** The two sides of a negotiation. The focal agent is the one we train and evaluate; it speaks first. */
public enum Role {
    FOCAL, COUNTERPARTY;

    public Role other() {
        return this == FOCAL ? COUNTERPARTY : FOCAL;
    }

    public String label() {
        return this == FOCAL ? "focal" : "counterparty";
    }
}
