package dev.emodistill.sim;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.TurnContext;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Which emotion a persona shows in its own replies: a draw from its palette, shifted by its mood — hostility
 * adds weight to its hostile display (anger and annoyance for most, fear for a cowed victim), goodwill to
 * gratitude and relief. Because each persona has a
 * recognisable palette, a focal agent can infer who it faces from the emotions it perceives, which is what
 * makes state-dependent emotion selection worth learning.
 */
public final class PersonaDisplay implements EmotionPolicy {
    private final Persona persona;
    private final PersonaResponse mood;

    public PersonaDisplay(Persona persona, PersonaResponse mood) {
        this.persona = persona;
        this.mood = mood;
    }

    @Override
    public Emotion choose(TurnContext context, SplittableRandom rng) {
        Map<Emotion, Double> weights = new EnumMap<>(persona.display());
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double h = Math.min(1.5, mood.hostility());
        double g = Math.min(1.5, mood.goodwill());
        double hostileTotal = persona.hostileDisplay().values().stream().mapToDouble(Double::doubleValue).sum();
        for (Map.Entry<Emotion, Double> e : persona.hostileDisplay().entrySet()) {
            weights.merge(e.getKey(), total * 0.8 * h * e.getValue() / hostileTotal, Double::sum);
        }
        weights.merge(Emotion.GRATITUDE, total * 0.3 * g, Double::sum);
        weights.merge(Emotion.RELIEF, total * 0.2 * g, Double::sum);
        double sum = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double draw = rng.nextDouble() * sum;
        Emotion last = Emotion.NEUTRAL;
        for (Map.Entry<Emotion, Double> w : weights.entrySet()) {
            last = w.getKey();
            draw -= w.getValue();
            if (draw < 0) {
                return last;
            }
        }
        return last;
    }

    @Override
    public String name() {
        return "persona:" + persona.name();
    }
}
