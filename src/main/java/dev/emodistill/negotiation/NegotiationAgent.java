package dev.emodistill.negotiation;

/**
 * One side of a negotiation. Instances hold per-episode state (memory of the other side's emotions, their
 * own concession path) and are created fresh for every episode, seeded from the episode seed.
 */
public interface NegotiationAgent {
    /** Decides and words this turn's message. May throw; the protocol records the episode as an error. */
    Utterance act(TurnContext context);
}
