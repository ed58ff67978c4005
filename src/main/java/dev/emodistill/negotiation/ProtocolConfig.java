package dev.emodistill.negotiation;

/**
 * Limits of one negotiation (DESIGN §3): at most {@code maxMessages} alternating messages, focal first;
 * the horizon H is the number of focal turns, used identically by state features, reward time weights and
 * tactics.
 *
 * @param maxMessages message limit (30 by default: 15 focal turns and 15 replies)
 * @param tolerance   agreement tolerance
 */
public record ProtocolConfig(int maxMessages, Tolerance tolerance) {
    public static final ProtocolConfig DEFAULT = new ProtocolConfig(30, Tolerance.DEFAULT);

    public ProtocolConfig {
        if (maxMessages < 2) {
            throw new IllegalArgumentException("max messages must be at least 2, got " + maxMessages);
        }
    }

    /** H: the number of focal turns. */
    public int horizon() {
        return (maxMessages + 1) / 2;
    }
}
