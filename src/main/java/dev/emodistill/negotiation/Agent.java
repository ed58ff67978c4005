package dev.emodistill.negotiation;

import dev.emodistill.emotion.Emotion;

import java.util.SplittableRandom;

/**
 * An agent as DESIGN §3 defines it: an {@link EmotionPolicy} (which emotion), an {@link Expresser} (the
 * words), a {@link BiddingTactic} (the number) and an {@link EmotionResponseProfile} (how the other side's
 * displayed emotion moves it). Each part draws from its own random stream, so changing the emotion policy
 * does not perturb the tactic's noise: two agents that differ only in emotion make the same bids given the
 * same history, which keeps emotion comparisons paired.
 */
public final class Agent implements NegotiationAgent {
    private final EmotionPolicy policy;
    private final Expresser expresser;
    private final BiddingTactic tactic;
    private final EmotionResponseProfile response;
    private final SplittableRandom policyRng;
    private final SplittableRandom expresserRng;
    private final SplittableRandom tacticRng;

    public Agent(EmotionPolicy policy, Expresser expresser, BiddingTactic tactic, EmotionResponseProfile response,
                 long seed) {
        this.policy = policy;
        this.expresser = expresser;
        this.tactic = tactic;
        this.response = response;
        SplittableRandom root = new SplittableRandom(seed);
        this.policyRng = root.split();
        this.expresserRng = root.split();
        this.tacticRng = root.split();
    }

    @Override
    public Utterance act(TurnContext context) {
        Message last = context.lastFromOther();
        if (last != null) {
            response.perceive(last.perceived(), context);
        }
        Decision decision = tactic.decide(context, response, tacticRng);
        Emotion emotion = policy.choose(context, policyRng);
        String text = expresser.express(decision.act(), emotion, decision.value(), context, expresserRng);
        return new Utterance(text, decision.act(), emotion, decision.value());
    }

    public EmotionPolicy policy() {
        return policy;
    }

    public EmotionResponseProfile response() {
        return response;
    }
}
