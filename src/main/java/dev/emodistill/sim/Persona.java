package dev.emodistill.sim;

import dev.emodistill.emotion.Emotion;

import java.util.Map;

/**
 * A simulated counterparty's documented behavioural model (DESIGN §4.3). Nothing here is a script keyed on
 * emotion labels: the persona reads {@link EmotionSignals} (derived from valence, arousal and dominance of
 * what it perceives in the focal agent's text) and each sensitivity below says how one signal moves its next
 * concession, with memory. Concessions are on the focal-utility position scale (0 = the counterparty's own
 * target, 1 = the focal target).
 *
 * @param name               persona id used on the command line
 * @param description        one line for help text and the user guide
 * @param heldOut            true for personas reserved for transfer tests (never in training sweeps)
 * @param reservationLow     lowest reservation (most the counterparty will ever concede, before emotion)
 * @param reservationHigh    highest reservation; each episode draws uniformly between the two
 * @param exponentLow        concession exponent range: below 1 is Boulware (late concessions)
 * @param exponentHigh       upper end of the exponent range
 * @param noise              per-turn noise on its offers (position scale)
 * @param baseHazard         walk-away probability per turn regardless of emotion
 * @param hostilityHazard    extra walk-away probability per unit of hostility above the threshold
 * @param hostilityThreshold hostility it tolerates before it may walk away
 * @param memory             per-turn retention of hostility and goodwill (0 = forgets at once)
 * @param hostilityGain      hostility added per unit of the hostile signal
 * @param goodwillGain       goodwill added per unit of the warm signal
 * @param arousalIrritation  hostility added per unit of the elated signal (volatile personas find any high energy grating)
 * @param kHostile           concession per unit hostile signal, scaled by (1 - t/(H-1)): positive = yields to
 *                           anger (low power), negative = backlash (high power)
 * @param kPlaintive         concession per unit plaintive signal (sympathy), decaying with repetition
 * @param sympathyFatigue    scale of that decay: effect x exp(-accumulated plaintive / fatigue)
 * @param kAnxious           concession per unit anxious signal (negative = exploits apparent weakness)
 * @param kWarm              concession per unit warm signal (reassurance, reciprocity)
 * @param kElated            concession per unit elated signal (negative: a happy opponent needs less)
 * @param kConfident         concession per unit confident signal (respect for composure)
 * @param kInquiry           concession per unit inquiry (questions draw out its constraints)
 * @param digIn              concession withdrawn per unit of hostility memory per turn
 * @param closing            extra acceptance margin per unit goodwill, growing toward the deadline
 * @param apologyRepair      share of hostility an apology removes
 * @param display            the persona's own emotional palette (weights), before its mood shifts it
 * @param hostileDisplay     what rising hostility makes it show (anger for most; fear for a cowed victim)
 */
public record Persona(String name, String description, boolean heldOut,
                      double reservationLow, double reservationHigh, double exponentLow, double exponentHigh,
                      double noise, double baseHazard, double hostilityHazard, double hostilityThreshold,
                      double memory, double hostilityGain, double goodwillGain, double arousalIrritation,
                      double kHostile, double kPlaintive, double sympathyFatigue, double kAnxious, double kWarm,
                      double kElated, double kConfident, double kInquiry, double digIn, double closing,
                      double apologyRepair, Map<Emotion, Double> display,
                      Map<Emotion, Double> hostileDisplay) {

    public Persona {
        display = Map.copyOf(display);
        hostileDisplay = Map.copyOf(hostileDisplay);
        if (reservationLow > reservationHigh || exponentLow > exponentHigh) {
            throw new IllegalArgumentException("persona " + name + ": ranges must be low <= high");
        }
    }
}
