package dev.emodistill.sim;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.negotiation.Agent;
import dev.emodistill.negotiation.BiddingTactic;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EmotionResponseProfile;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Expresser;
import dev.emodistill.negotiation.Negotiation;
import dev.emodistill.negotiation.NegotiationAgent;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.TimeDependentTactic;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The embedded world: plays one episode between a focal agent (the given emotion policy, an expresser, a noisy
 * time-dependent tactic that ignores emotion) and a counterparty, both perceiving emotion from text with the
 * perception classifier. By default the expresser is the template expresser and the counterparty a simulated
 * persona; {@link Roles} swaps either for another implementation (an LLM, a local LM) without touching the
 * protocol, the focal tactic or the seeds.
 *
 * <p>The focal tactic draws its floor from [0.10, 0.35] and its exponent from [0.7, 1.4] per episode, and adds
 * noise of 0.02 per turn (DESIGN §4.4: "offers follow a concession tactic with noise"). Every random stream
 * derives from the episode seed, so an episode is a pure function of (scenario, persona, policy, seed) and of
 * what the roles return.
 *
 * <p>By default the focal agent ignores the counterparty's emotions ({@link EmotionResponseProfile#INSENSITIVE}), so
 * that outcome differences between focal emotions are caused by the focal expression alone (DESIGN §3).
 * {@link #withFocalResponse(Persona)} gives it a persona's response profile instead, mirrored onto its side of the
 * position scale by {@link RespondingFocalTactic}: then the counterparty's displayed emotions move the focal agent's
 * concessions, walk-away hazard and acceptance, which is what a counterparty that chooses its emotions can learn to
 * use (trained-vs-trained tournaments, DESIGN §10). Without it the world is exactly the default one.
 */
public final class SimWorld {
    /** Focal tactic ranges (position scale). */
    public static final double FOCAL_FLOOR_LOW = 0.10;
    public static final double FOCAL_FLOOR_HIGH = 0.35;
    public static final double FOCAL_EXPONENT_LOW = 0.7;
    public static final double FOCAL_EXPONENT_HIGH = 1.4;
    public static final double FOCAL_NOISE = 0.02;

    /**
     * What the focal expresser of one episode may know: the case, the focal tactic (its number and its floor,
     * the reservation an expresser that chooses its own numbers must respect) and the episode seed (from which
     * per-turn sampling seeds derive).
     */
    public record FocalSetup(Scenario scenario, TimeDependentTactic tactic, long episodeSeed) {
    }

    /** Makes a fresh focal expresser for one episode. */
    @FunctionalInterface
    public interface ExpresserFactory {
        Expresser create(FocalSetup setup);
    }

    /** Makes a fresh counterparty for one episode. */
    @FunctionalInterface
    public interface CounterpartyFactory {
        NegotiationAgent create(Scenario scenario, Persona persona, double granularity, long episodeSeed);
    }

    /**
     * Who plays the two voices of an episode.
     *
     * @param expresser    the focal agent's words (the policy and the tactic stay the world's)
     * @param counterparty the other side, words and numbers
     * @param description  what the roles are, for provenance (e.g. {@code embedded})
     * @param stopOnError  when true, an episode that ends in {@link Outcome#ERROR} stops the run with
     *                     {@link EpisodeFailed} instead of being returned (finished episodes are the caller's)
     */
    public record Roles(ExpresserFactory expresser, CounterpartyFactory counterparty, String description,
                        boolean stopOnError) {
        /** The template expresser against the simulated personas. */
        public static final Roles EMBEDDED = new Roles(setup -> TemplateExpresser.focal(),
                (scenario, persona, granularity, seed) -> SimWorld.counterparty(persona, granularity, seed),
                "embedded", false);

        public Roles {
            Objects.requireNonNull(expresser, "expresser");
            Objects.requireNonNull(counterparty, "counterparty");
            Objects.requireNonNull(description, "description");
        }
    }

    /** An episode ended in an error while the roles ask to stop on the first one. */
    public static final class EpisodeFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        EpisodeFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final ProtocolConfig protocol;
    private final EmotionClassifier perception;
    private final Roles roles;
    /** The persona whose response profile the focal agent has, or null for an emotion-insensitive focal agent. */
    private final Persona focalResponse;

    public SimWorld(ProtocolConfig protocol, EmotionClassifier perception) {
        this(protocol, perception, Roles.EMBEDDED);
    }

    public SimWorld(ProtocolConfig protocol, EmotionClassifier perception, Roles roles) {
        this(protocol, perception, roles, null);
    }

    private SimWorld(ProtocolConfig protocol, EmotionClassifier perception, Roles roles, Persona focalResponse) {
        this.protocol = protocol;
        this.perception = perception;
        this.roles = Objects.requireNonNull(roles, "roles");
        this.focalResponse = focalResponse;
    }

    /**
     * The same world with another focal expresser (an agent that brings its own words, such as a language model),
     * keeping the protocol, the perception, the counterparty and the focal response.
     */
    public SimWorld withExpresser(ExpresserFactory expresser, String description) {
        return new SimWorld(protocol, perception, new Roles(expresser, roles.counterparty(),
                roles.description() + "+" + description, roles.stopOnError()), focalResponse);
    }

    /**
     * The same world with another counterparty (e.g. a persona's tactic with a trained emotion selector), keeping the
     * protocol, the perception, the focal expresser and the focal response.
     */
    public SimWorld withCounterparty(CounterpartyFactory counterparty, String description) {
        return new SimWorld(protocol, perception, new Roles(roles.expresser(), counterparty,
                roles.description() + "+" + description, roles.stopOnError()), focalResponse);
    }

    /**
     * The same world in which the focal agent reacts to the counterparty's displayed emotions with {@code persona}'s
     * response profile (see the class comment); {@code null} restores the emotion-insensitive default.
     */
    public SimWorld withFocalResponse(Persona persona) {
        return new SimWorld(protocol, perception, roles, persona);
    }

    /** The persona whose response profile the focal agent has, or null (the default: it ignores emotion). */
    public Persona focalResponse() {
        return focalResponse;
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
        TimeDependentTactic tactic = new TimeDependentTactic(1, floor, exponent, FOCAL_NOISE, granularity);
        // Off (the default), the focal agent is exactly what it always was; on, the same drawn floor, exponent and
        // noise drive the mirrored persona rule, so the two worlds differ only by the response.
        BiddingTactic bidding = focalResponse == null ? tactic
                : new RespondingFocalTactic(floor, exponent, FOCAL_NOISE, granularity);
        EmotionResponseProfile response = focalResponse == null ? EmotionResponseProfile.INSENSITIVE
                : new PersonaResponse(focalResponse);
        Agent focal = new Agent(focalPolicy, roles.expresser().create(new FocalSetup(scenario, tactic, episodeSeed)),
                bidding, response, Seeds.derive(episodeSeed, "focal"));
        NegotiationAgent counterparty = roles.counterparty().create(scenario, persona, granularity, episodeSeed);
        if (!roles.stopOnError()) {
            return Negotiation.run(scenario, focal, counterparty, protocol, perception);
        }
        // The protocol turns a failure into an error episode (with its reason); to stop the run with the
        // original exception, remember the first one thrown by either side or the classifier.
        AtomicReference<RuntimeException> first = new AtomicReference<>();
        EpisodeResult r = Negotiation.run(scenario, capturing(focal, first), capturing(counterparty, first), protocol,
                capturing(perception, first));
        if (r.outcome() == Outcome.ERROR) {
            throw new EpisodeFailed("scenario " + scenario.id() + ", persona " + persona.name() + ": " + r.error(),
                    first.get());
        }
        return r;
    }

    /** A fresh persona agent for one episode. */
    public static Agent counterparty(Persona persona, double granularity, long episodeSeed) {
        SplittableRandom setup = new SplittableRandom(Seeds.derive(episodeSeed, "counterparty-tactic"));
        PersonaResponse mood = new PersonaResponse(persona);
        return new Agent(new PersonaDisplay(persona, mood), TemplateExpresser.counterparty(),
                PersonaTactic.draw(persona, granularity, setup), mood, Seeds.derive(episodeSeed, "counterparty"));
    }

    /**
     * A persona's bargaining body (its tactic, hidden reservation and response profile) whose displayed emotions come
     * from {@code display} instead of its palette: the counterparty of a counterparty-role sweep (the sweep policy
     * chooses) or a trained counterparty selector. It draws its tactic from the same streams as
     * {@link #counterparty(Persona, double, long)}, so on one episode seed both bargain from the same reservation and
     * differ only in the emotions they show.
     */
    public static Agent counterparty(Persona persona, EmotionPolicy display, double granularity, long episodeSeed) {
        SplittableRandom setup = new SplittableRandom(Seeds.derive(episodeSeed, "counterparty-tactic"));
        return new Agent(Objects.requireNonNull(display, "display"), TemplateExpresser.counterparty(),
                PersonaTactic.draw(persona, granularity, setup), new PersonaResponse(persona),
                Seeds.derive(episodeSeed, "counterparty"));
    }

    public ProtocolConfig protocol() {
        return protocol;
    }

    public EmotionClassifier perception() {
        return perception;
    }

    public Roles roles() {
        return roles;
    }

    private static NegotiationAgent capturing(NegotiationAgent agent, AtomicReference<RuntimeException> first) {
        return context -> {
            try {
                return agent.act(context);
            } catch (RuntimeException e) {
                first.compareAndSet(null, e);
                throw e;
            }
        };
    }

    private static EmotionClassifier capturing(EmotionClassifier classifier, AtomicReference<RuntimeException> first) {
        return new EmotionClassifier() {
            @Override
            public EmotionDistribution classify(String text) {
                try {
                    return classifier.classify(text);
                } catch (RuntimeException e) {
                    first.compareAndSet(null, e);
                    throw e;
                }
            }

            @Override
            public String describe() {
                return classifier.describe();
            }
        };
    }
}
