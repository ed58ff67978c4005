package dev.emodistill.negotiation;

import dev.emodistill.emotion.EmotionDistribution;

/**
 * How the other side's displayed emotion moves this agent: its extra concession (on the focal-utility position
 * scale), its walk-away hazard and its willingness to close. Stateful per episode (memory of hostility,
 * goodwill, sympathy). {@link #INSENSITIVE} ignores emotion entirely; it is the focal agent's default so that
 * outcome differences between emotions are caused by the expression alone (DESIGN §3).
 */
public interface EmotionResponseProfile {
    /** Updates memory with the emotion perceived in the other side's latest message. */
    void perceive(EmotionDistribution perceived, TurnContext context);

    /**
     * Accumulated emotional concession on the position scale: positive means this agent offers the focal agent
     * more than its time-based tactic alone would.
     */
    double concession();

    /** Probability of walking away this turn. */
    double walkAwayHazard(TurnContext context);

    /** Extra room (position scale) within which this agent accepts the other's offer. */
    double acceptanceMargin(TurnContext context);

    /** A profile that does not react to emotion. */
    EmotionResponseProfile INSENSITIVE = new EmotionResponseProfile() {
        @Override
        public void perceive(EmotionDistribution perceived, TurnContext context) {
        }

        @Override
        public double concession() {
            return 0;
        }

        @Override
        public double walkAwayHazard(TurnContext context) {
            return 0;
        }

        @Override
        public double acceptanceMargin(TurnContext context) {
            return 0;
        }
    };
}
