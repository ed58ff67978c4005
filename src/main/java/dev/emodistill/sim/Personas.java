package dev.emodistill.sim;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seven built-in counterparty personas. The first four are the paper's family and are used for training;
 * {@code stoic}, {@code volatile} and {@code empathic} are held out for transfer tests. The sensitivities are
 * chosen so that (a) emotion moves outcomes, (b) no single emotion is best against every persona and (c) the
 * best choice depends on who the counterparty is and on the phase of the negotiation; {@code emodistill analyze
 * sim} measures all three. See the user guide for the reasoning behind each number.
 */
public final class Personas {
    private static final Map<String, Persona> ALL = new LinkedHashMap<>();

    static {
        // Vanilla: an ordinary, reasonable counterpart. Distress earns sympathy concessions (which fade with
        // repetition), a little early anger extracts a concession but builds hostility, and displayed
        // satisfaction (warmth, elation) or anxiety tells it it can give less.
        register(spec("vanilla", "ordinary counterpart: sympathetic to distress, mildly yields to early anger", false)
                .reservation(0.35, 0.70).exponent(0.5, 1.0).noise(0.02)
                .hazard(0.0, 0.25, 0.6).memory(0.8).gains(0.5, 0.4, 0.0)
                .hostile(0.03).plaintive(0.16, 2.5).anxious(-0.06).warm(-0.03).elated(-0.06).confident(0.0)
                .inquiry(0.02).digIn(0.02).closing(0.10).apologyRepair(0.5)
                .display(Emotion.NEUTRAL, 3, Emotion.CURIOSITY, 2, Emotion.REALIZATION, 1.5, Emotion.CONFUSION, 1,
                        Emotion.SURPRISE, 0.5));
        // Pressure: a high-power hard bargainer. Anger backfires, distress and anxiety are exploited; warmth
        // and calm confidence earn reciprocity.
        register(spec("pressure", "high-power hard bargainer: punishes anger and weakness, rewards warmth and composure", false)
                .reservation(0.25, 0.60).exponent(0.3, 0.7).noise(0.02)
                .hazard(0.01, 0.40, 0.4).memory(0.85).gains(0.9, 0.5, 0.0)
                .hostile(-0.06).plaintive(-0.06, 1.5).anxious(-0.08).warm(0.06).elated(-0.02).confident(0.06)
                .inquiry(0.0).digIn(0.04).closing(0.08).apologyRepair(0.3)
                .display(Emotion.ANNOYANCE, 3.5, Emotion.DISAPPROVAL, 3, Emotion.ANGER, 1.5));
        // Victim: low power and distressed. Displayed anger intimidates it into concessions, mostly early
        // (EASI: anger works on low-power counterparts); displayed satisfaction makes it hold on to more.
        register(spec("victim", "low-power, distressed: intimidated by anger, holds firm against displayed satisfaction", false)
                .reservation(0.40, 0.75).exponent(0.6, 1.2).noise(0.02)
                .hazard(0.0, 0.20, 1.2).memory(0.75).gains(0.3, 0.4, 0.0)
                .hostile(0.10).plaintive(0.0, 1.0).anxious(0.0).warm(-0.03).elated(-0.03).confident(0.02)
                .inquiry(0.01).digIn(0.0).closing(0.10).apologyRepair(0.5)
                .display(Emotion.SADNESS, 3, Emotion.FEAR, 2.5, Emotion.NERVOUSNESS, 2.5, Emotion.GRIEF, 1,
                        Emotion.DISAPPOINTMENT, 1)
                .hostileDisplay(Emotion.FEAR, 1, Emotion.NERVOUSNESS, 1));
        // Threat: hostile and high power. Anger escalates to walk-aways, fear is exploited, warmth de-escalates.
        register(spec("threat", "hostile, threatening: escalates against anger, de-escalated by warmth", false)
                .reservation(0.25, 0.60).exponent(0.3, 0.7).noise(0.02)
                .hazard(0.02, 0.50, 0.3).memory(0.85).gains(1.0, 0.6, 0.0)
                .hostile(-0.10).plaintive(-0.04, 1.0).anxious(-0.10).warm(0.08).elated(-0.02).confident(0.0)
                .inquiry(0.0).digIn(0.05).closing(0.10).apologyRepair(0.8)
                .display(Emotion.ANGER, 4, Emotion.DISGUST, 3, Emotion.DISAPPROVAL, 2, Emotion.ANNOYANCE, 1));
        // Held out: barely moved by emotion at all.
        register(spec("stoic", "held out: emotion-insensitive, concedes on time alone", true)
                .reservation(0.35, 0.65).exponent(0.6, 1.0).noise(0.02)
                .hazard(0.0, 0.10, 1.5).memory(0.8).gains(0.2, 0.2, 0.0)
                .hostile(0.005).plaintive(0.005, 1.0).anxious(-0.005).warm(0.005).elated(-0.005).confident(0.005)
                .inquiry(0.0).digIn(0.002).closing(0.02).apologyRepair(0.5)
                .display(Emotion.NEUTRAL, 6, Emotion.REALIZATION, 1, Emotion.APPROVAL, 1));
        // Held out: backlash-prone; any heat (even excited joy) raises hostility quickly.
        register(spec("volatile", "held out: backlash-prone, irritated by any high-arousal display", true)
                .reservation(0.30, 0.65).exponent(0.5, 1.0).noise(0.03)
                .hazard(0.01, 0.50, 0.3).memory(0.7).gains(1.2, 0.4, 0.5)
                .hostile(-0.08).plaintive(0.03, 1.0).anxious(-0.04).warm(0.05).elated(-0.04).confident(0.02)
                .inquiry(0.01).digIn(0.05).closing(0.08).apologyRepair(0.6)
                .display(Emotion.ANGER, 2, Emotion.EXCITEMENT, 2, Emotion.SURPRISE, 2, Emotion.ANNOYANCE, 2,
                        Emotion.JOY, 1.5));
        // Held out: sympathy-prone; distress and warmth both move it, anger hurts it.
        register(spec("empathic", "held out: sympathy-prone, moved by distress and warmth", true)
                .reservation(0.40, 0.75).exponent(0.6, 1.2).noise(0.02)
                .hazard(0.0, 0.30, 0.6).memory(0.85).gains(0.8, 0.6, 0.0)
                .hostile(-0.05).plaintive(0.14, 3.0).anxious(0.04).warm(0.05).elated(-0.01).confident(0.0)
                .inquiry(0.02).digIn(0.03).closing(0.12).apologyRepair(0.6)
                .display(Emotion.CARING, 3.5, Emotion.GRATITUDE, 2, Emotion.SADNESS, 2, Emotion.OPTIMISM, 1.5,
                        Emotion.LOVE, 1));
    }

    private Personas() {
    }

    /** The persona with this name; an {@link InputException} listing the valid names otherwise. */
    public static Persona get(String name) {
        Persona p = ALL.get(name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT));
        if (p == null) {
            throw new InputException("unknown persona '" + name + "' (expected one of " + String.join(", ", ALL.keySet()) + ")");
        }
        return p;
    }

    public static List<Persona> all() {
        return List.copyOf(ALL.values());
    }

    /** vanilla, pressure, victim, threat: the personas training sweeps use. */
    public static List<Persona> training() {
        return ALL.values().stream().filter(p -> !p.heldOut()).toList();
    }

    /** stoic, volatile, empathic. */
    public static List<Persona> heldOut() {
        return ALL.values().stream().filter(Persona::heldOut).toList();
    }

    /** Parses a comma-separated list such as {@code vanilla,threat}; {@code training} and {@code all} expand. */
    public static List<Persona> parseList(String text) {
        List<Persona> out = new ArrayList<>();
        for (String part : text.split(",")) {
            String name = part.trim();
            if (name.isEmpty()) {
                continue;
            }
            switch (name) {
                case "training" -> out.addAll(training());
                case "heldout", "held-out" -> out.addAll(heldOut());
                case "all" -> out.addAll(all());
                default -> out.add(get(name));
            }
        }
        if (out.isEmpty()) {
            throw new InputException("no persona given (expected one of " + String.join(", ", ALL.keySet()) + ")");
        }
        return out.stream().distinct().toList();
    }

    private static void register(Spec spec) {
        Persona p = spec.build();
        ALL.put(p.name(), p);
    }

    private static Spec spec(String name, String description, boolean heldOut) {
        return new Spec(name, description, heldOut);
    }

    /** Named setters keep the persona table above readable; every field is documented on {@link Persona}. */
    private static final class Spec {
        final String name;
        final String description;
        final boolean heldOut;
        double rLo, rHi, eLo, eHi, noise, baseHazard, hostilityHazard, threshold, memory;
        double hostilityGain, goodwillGain, arousalIrritation;
        double kHostile, kPlaintive, fatigue = 1, kAnxious, kWarm, kElated, kConfident, kInquiry, digIn, closing,
                apologyRepair;
        final Map<Emotion, Double> display = new EnumMap<>(Emotion.class);
        final Map<Emotion, Double> hostileDisplay = new EnumMap<>(Map.of(Emotion.ANGER, 1.0, Emotion.ANNOYANCE, 1.0));

        Spec(String name, String description, boolean heldOut) {
            this.name = name;
            this.description = description;
            this.heldOut = heldOut;
        }

        Spec reservation(double lo, double hi) {
            rLo = lo;
            rHi = hi;
            return this;
        }

        Spec exponent(double lo, double hi) {
            eLo = lo;
            eHi = hi;
            return this;
        }

        Spec noise(double n) {
            noise = n;
            return this;
        }

        Spec hazard(double base, double perHostility, double hostilityThreshold) {
            baseHazard = base;
            hostilityHazard = perHostility;
            threshold = hostilityThreshold;
            return this;
        }

        Spec memory(double m) {
            memory = m;
            return this;
        }

        Spec gains(double hostility, double goodwill, double irritation) {
            hostilityGain = hostility;
            goodwillGain = goodwill;
            arousalIrritation = irritation;
            return this;
        }

        Spec hostile(double k) {
            kHostile = k;
            return this;
        }

        Spec plaintive(double k, double sympathyFatigue) {
            kPlaintive = k;
            fatigue = sympathyFatigue;
            return this;
        }

        Spec anxious(double k) {
            kAnxious = k;
            return this;
        }

        Spec warm(double k) {
            kWarm = k;
            return this;
        }

        Spec elated(double k) {
            kElated = k;
            return this;
        }

        Spec confident(double k) {
            kConfident = k;
            return this;
        }

        Spec inquiry(double k) {
            kInquiry = k;
            return this;
        }

        Spec digIn(double d) {
            digIn = d;
            return this;
        }

        Spec closing(double c) {
            closing = c;
            return this;
        }

        Spec apologyRepair(double a) {
            apologyRepair = a;
            return this;
        }

        Spec display(Object... pairs) {
            for (int i = 0; i < pairs.length; i += 2) {
                display.put((Emotion) pairs[i], ((Number) pairs[i + 1]).doubleValue());
            }
            return this;
        }

        Spec hostileDisplay(Object... pairs) {
            hostileDisplay.clear();
            for (int i = 0; i < pairs.length; i += 2) {
                hostileDisplay.put((Emotion) pairs[i], ((Number) pairs[i + 1]).doubleValue());
            }
            return this;
        }

        Persona build() {
            return new Persona(name, description, heldOut, rLo, rHi, eLo, eHi, noise, baseHazard, hostilityHazard,
                    threshold, memory, hostilityGain, goodwillGain, arousalIrritation, kHostile, kPlaintive, fatigue,
                    kAnxious, kWarm, kElated, kConfident, kInquiry, digIn, closing, apologyRepair, display,
                    hostileDisplay);
        }
    }
}
