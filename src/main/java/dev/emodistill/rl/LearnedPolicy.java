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
    private final java.util.function.Function<TurnContext, StateInput> reading;
    private final double temperature;

    /**
     * A focal-role selector.
     *
     * @throws dev.emodistill.io.InputException if the model was trained for the counterparty role
     */
    public LearnedPolicy(String name, SelectorModel model, double temperature) {
        this(name, model, new StateBuilder(model.schema()), StateInput::fromTurn, temperature);
    }

    private LearnedPolicy(String name, SelectorModel model, StateBuilder builder,
                          java.util.function.Function<TurnContext, StateInput> reading, double temperature) {
        this.name = name;
        this.model = model;
        this.builder = builder;
        this.reading = reading;
        this.temperature = temperature;
    }

    /**
     * A counterparty-role selector: it reads the live turn mirrored ({@link MirroredState}), as its training data was.
     *
     * @throws dev.emodistill.io.InputException if the model was trained for the focal role
     */
    public static LearnedPolicy counterparty(String name, SelectorModel model, double temperature) {
        return new LearnedPolicy(name, model, StateBuilder.counterparty(model.schema()), MirroredState::fromTurn,
                temperature);
    }

    @Override
    public Emotion choose(TurnContext context, SplittableRandom rng) {
        float[] state = builder.build(reading.apply(context));
        return Emotion.ofIndex(temperature > 0 ? model.sample(state, temperature, rng) : model.act(state));
    }

    @Override
    public String name() {
        return name;
    }
}
