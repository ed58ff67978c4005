package dev.emodistill.rl;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.TurnContext;

import java.util.SplittableRandom;

/**
 * A trained selector acting in a negotiation: it builds the state with the very {@link StateBuilder} that built its
 * training data (from the live transcript) and picks an emotion, greedily by default or by temperature sampling.
 */
public final class LearnedPolicy implements EmotionPolicy {
    private final String name;
    private final SelectorModel model;
    private final StateBuilder builder;
    private final double temperature;

    public LearnedPolicy(String name, SelectorModel model, double temperature) {
        this.name = name;
        this.model = model;
        this.builder = new StateBuilder(model.schema());
        this.temperature = temperature;
    }

    @Override
    public Emotion choose(TurnContext context, SplittableRandom rng) {
        float[] state = builder.build(StateInput.fromTurn(context));
        return Emotion.ofIndex(temperature > 0 ? model.sample(state, temperature, rng) : model.act(state));
    }

    @Override
    public String name() {
        return name;
    }
}
