package dev.emodistill.sim;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.negotiation.Agent;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EmotionResponseProfile;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Negotiation;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.TimeDependentTactic;

import java.util.SplittableRandom;

/**
 * The embedded world: plays one episode between a focal agent (the given emotion policy, the template
 * expresser, a noisy time-dependent tactic that ignores emotion) and a simulated persona, both perceiving
 * emotion from text with the perception classifier.
 *
 * <p>The focal tactic draws its floor from [0.10, 0.35] and its exponent from [0.7, 1.4] per episode, and adds
 * noise of 0.02 per turn (DESIGN §4.4: "offers follow a concession tactic with noise"). Every random stream
 * derives from the episode seed, so an episode is a pure function of (scenario, persona, policy, seed).
 */
public final class SimWorld {
    /** Focal tactic ranges (position scale). */
    public static final double FOCAL_FLOOR_LOW = 0.10;
    public static final double FOCAL_FLOOR_HIGH = 0.35;
    public static final double FOCAL_EXPONENT_LOW = 0.7;
    public static final double FOCAL_EXPONENT_HIGH = 1.4;
    public static final double FOCAL_NOISE = 0.02;

    private final ProtocolConfig protocol;
    private final EmotionClassifier perception;

    public SimWorld(ProtocolConfig protocol, EmotionClassifier perception) {
        this.protocol = protocol;
        this.perception = perception;
    }

    /** Offer rounding step in domain units: whole days, five-minute steps for rescue times and bedtimes. */
    public static double granularity(Domain domain) {
        return switch (domain) {
            case DEBT, MEDICAL -> 1;
            case DISASTER, STUDENT -> 5;
        };
    }

    public EpisodeResult play(Scenario scenario, Persona persona, EmotionPolicy focalPolicy, long episodeSeed) {
        SplittableRandom setup = new SplittableRandom(Seeds.derive(episodeSeed, "focal-tactic"));
        double granularity = granularity(scenario.domain());
        double floor = FOCAL_FLOOR_LOW + setup.nextDouble() * (FOCAL_FLOOR_HIGH - FOCAL_FLOOR_LOW);
        double exponent = FOCAL_EXPONENT_LOW + setup.nextDouble() * (FOCAL_EXPONENT_HIGH - FOCAL_EXPONENT_LOW);
        Agent focal = new Agent(focalPolicy, TemplateExpresser.focal(),
                new TimeDependentTactic(1, floor, exponent, FOCAL_NOISE, granularity),
                EmotionResponseProfile.INSENSITIVE, Seeds.derive(episodeSeed, "focal"));
        Agent counterparty = counterparty(persona, granularity, episodeSeed);
        return Negotiation.run(scenario, focal, counterparty, protocol, perception);
    }

    /** A fresh persona agent for one episode. */
    public static Agent counterparty(Persona persona, double granularity, long episodeSeed) {
        SplittableRandom setup = new SplittableRandom(Seeds.derive(episodeSeed, "counterparty-tactic"));
        PersonaResponse mood = new PersonaResponse(persona);
        return new Agent(new PersonaDisplay(persona, mood), TemplateExpresser.counterparty(),
                PersonaTactic.draw(persona, granularity, setup), mood, Seeds.derive(episodeSeed, "counterparty"));
    }

    public ProtocolConfig protocol() {
        return protocol;
    }

    public EmotionClassifier perception() {
        return perception;
    }
}
