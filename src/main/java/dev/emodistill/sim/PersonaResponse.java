package dev.emodistill.sim;

import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.negotiation.EmotionResponseProfile;
import dev.emodistill.negotiation.TurnContext;

/**
 * A persona's emotion-response profile with memory. Each perceived message updates three memories and the
 * accumulated emotional concession E:
 *
 * <pre>
 *   hostility h &lt;- memory*h + hostilityGain*hostile + arousalIrritation*elated - apologyRepair*apology*h - 0.5*warm*h
 *   goodwill  g &lt;- memory*g + goodwillGain*(warm + 0.3*inquiry) - 0.5*hostile
 *   sympathy  s &lt;- s + plaintive                      (never forgets: sympathy fatigue)
 *   dE = kHostile*hostile*(1 - tau) + kPlaintive*plaintive*exp(-s/fatigue) + kAnxious*anxious + kWarm*warm
 *        + kElated*elated + kConfident*confident + kInquiry*inquiry - digIn*h
 *   E  &lt;- clip(E + dE, -0.3, 0.6)
 * </pre>
 *
 * with tau = t/(H-1). The walk-away hazard is {@code baseHazard + hostilityHazard*max(0, h - threshold)*(0.5 + tau)
 * - 0.02*g}, clipped to [0, 0.5] (zero on the first turn), and goodwill widens acceptance near the deadline by
 * {@code closing*g*tau}.
 */
public final class PersonaResponse implements EmotionResponseProfile {
    private static final double MAX_HAZARD = 0.5;
    private static final double MIN_CONCESSION = -0.3;
    private static final double MAX_CONCESSION = 0.6;

    private final Persona persona;
    private double hostility;
    private double goodwill;
    private double sympathy;
    private double concession;
    private EmotionSignals lastSignals;

    public PersonaResponse(Persona persona) {
        this.persona = persona;
    }

    @Override
    public void perceive(EmotionDistribution perceived, TurnContext ctx) {
        EmotionSignals s = EmotionSignals.of(perceived);
        lastSignals = s;
        double tau = ctx.deadlineProgress();
        Persona p = persona;
        hostility = Math.max(0, p.memory() * hostility + p.hostilityGain() * s.hostile()
                + p.arousalIrritation() * s.elated()
                - p.apologyRepair() * s.apology() * hostility - 0.5 * s.warm() * hostility);
        goodwill = Math.max(0, p.memory() * goodwill + p.goodwillGain() * (s.warm() + 0.3 * s.inquiry())
                - 0.5 * s.hostile());
        double fatigue = Math.exp(-sympathy / p.sympathyFatigue());
        sympathy += s.plaintive();
        double delta = p.kHostile() * s.hostile() * (1 - tau)
                + p.kPlaintive() * s.plaintive() * fatigue
                + p.kAnxious() * s.anxious()
                + p.kWarm() * s.warm()
                + p.kElated() * s.elated()
                + p.kConfident() * s.confident()
                + p.kInquiry() * s.inquiry()
                - p.digIn() * hostility;
        concession = Math.max(MIN_CONCESSION, Math.min(MAX_CONCESSION, concession + delta));
    }

    @Override
    public double concession() {
        return concession;
    }

    @Override
    public double walkAwayHazard(TurnContext ctx) {
        if (ctx.turn() == 0) {
            return 0;
        }
        double tau = ctx.deadlineProgress();
        double hazard = persona.baseHazard()
                + persona.hostilityHazard() * Math.max(0, hostility - persona.hostilityThreshold()) * (0.5 + tau)
                - 0.02 * goodwill;
        return Math.max(0, Math.min(MAX_HAZARD, hazard));
    }

    @Override
    public double acceptanceMargin(TurnContext ctx) {
        return persona.closing() * goodwill * ctx.deadlineProgress();
    }

    public double hostility() {
        return hostility;
    }

    public double goodwill() {
        return goodwill;
    }

    /** The signals read from the latest perceived message, or null before the first. */
    public EmotionSignals lastSignals() {
        return lastSignals;
    }
}
