package dev.emodistill.rl;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.TurnContext;

import java.util.SplittableRandom;

/**
 * A counterparty-role selector acting in a negotiation: it builds the counterparty's mirrored state from the live
 * transcript with the builder that built its training data ({@link StateBuilder#counterparty}) and picks the
 * counterparty's emotion, greedily by default. Refuses a focal-role selector when created.
 */
public final class LearnedCounterpartyPolicy implements EmotionPolicy {
    private final String name;
    private final SelectorModel model;
    private final StateBuilder builder;
    private final double temperature;

    /**
     * @throws dev.emodistill.io.InputException if the model was trained for the focal role
     */
    public LearnedCounterpartyPolicy(String name, SelectorModel model, double temperature) {
        this.name = name;
        this.model = model;
        this.builder = StateBuilder.counterparty(model.schema());
        this.temperature = temperature;
    }

    @Override
    public Emotion choose(TurnContext context, SplittableRandom rng) {
        float[] state = builder.build(MirroredState.fromTurn(context));
        return Emotion.ofIndex(temperature > 0 ? model.sample(state, temperature, rng) : model.act(state));
    }

    @Override
    public String name() {
        return name;
    }
}
