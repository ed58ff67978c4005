package dev.emodistill.negotiation;

import dev.emodistill.emotion.EkmanGroup;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.io.InputException;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The simple emotion policies, by name:
 *
 * <ul>
 *   <li>{@code no-emotion} (alias {@code none}): the control; shows no affect (the paper's vanilla agent).</li>
 *   <li>{@code random}: uniform over the 28 emotions each turn (the sweep's behaviour policy).</li>
 *   <li>{@code fixed:anger} (or just {@code anger}): one emotion every turn.</li>
 *   <li>{@code rule:phase:EARLY,LATE@F}: EARLY while t/H &lt; F, then LATE, e.g. {@code rule:phase:anger,gratitude@0.4}.</li>
 *   <li>{@code rule:ekman:G>E,...,default>E}: react to the Ekman group that dominates the emotion perceived in
 *       the counterparty's last message, e.g. {@code rule:ekman:anger>approval,fear>anger,default>sadness}.</li>
 * </ul>
 */
public final class EmotionPolicies {
    private EmotionPolicies() {
    }

    /** Parses a policy name; {@link InputException} with the accepted forms otherwise. */
    public static EmotionPolicy parse(String spec) {
        String s = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        if (s.equals("none") || s.equals("no-emotion") || s.equals("no_emotion")) {
            return fixed(Emotion.NO_EMOTION);
        }
        if (s.equals("random")) {
            return random();
        }
        if (s.startsWith("fixed:")) {
            return fixed(emotion(s.substring("fixed:".length()), spec));
        }
        if (s.startsWith("rule:phase:")) {
            return phase(s.substring("rule:phase:".length()), spec);
        }
        if (s.startsWith("rule:ekman:")) {
            return ekman(s.substring("rule:ekman:".length()), spec);
        }
        var asEmotion = Emotion.parse(s);
        if (asEmotion.isPresent()) {
            return fixed(asEmotion.get());
        }
        throw new InputException("unknown emotion policy '" + spec + "' (expected no-emotion, random, fixed:EMOTION, "
                + "rule:phase:EARLY,LATE@F or rule:ekman:GROUP>EMOTION,...,default>EMOTION)");
    }

    public static EmotionPolicy fixed(Emotion emotion) {
        String name = emotion.isControl() ? "no-emotion" : "fixed:" + emotion.label();
        return new Named(name, (ctx, rng) -> emotion);
    }

    public static EmotionPolicy random() {
        return new Named("random", (ctx, rng) -> Emotion.ofIndex(rng.nextInt(Emotion.COUNT)));
    }

    /** EARLY for t/H below the switch point, LATE after it. */
    public static EmotionPolicy phase(Emotion early, Emotion late, double switchAt) {
        String name = "rule:phase:" + early.label() + "," + late.label() + "@" + switchAt;
        return new Named(name, (ctx, rng) -> ctx.progress() < switchAt ? early : late);
    }

    /** Chooses by the dominant Ekman group of the counterparty's last perceived emotion. */
    public static EmotionPolicy ekman(Map<EkmanGroup, Emotion> reactions, Emotion fallback, String name) {
        Map<EkmanGroup, Emotion> table = new EnumMap<>(reactions);
        return new Named(name, (ctx, rng) -> {
            Message last = ctx.lastFromOther();
            if (last == null || last.perceived() == null) {
                return fallback;
            }
            EkmanGroup group = dominantGroup(last.perceived());
            return table.getOrDefault(group, fallback);
        });
    }

    /** The Ekman group with the most probability mass (ties: declaration order). */
    public static EkmanGroup dominantGroup(EmotionDistribution d) {
        EkmanGroup best = EkmanGroup.NEUTRAL;
        double bestMass = -1;
        for (Map.Entry<EkmanGroup, Double> e : d.ekman().entrySet()) {
            if (e.getValue() > bestMass) {
                bestMass = e.getValue();
                best = e.getKey();
            }
        }
        return best;
    }

    private static EmotionPolicy phase(String body, String spec) {
        int at = body.indexOf('@');
        String[] pair = (at < 0 ? body : body.substring(0, at)).split(",");
        if (pair.length != 2 || at < 0) {
            throw new InputException("policy '" + spec + "': expected rule:phase:EARLY,LATE@FRACTION");
        }
        double switchAt;
        try {
            switchAt = Double.parseDouble(body.substring(at + 1));
        } catch (NumberFormatException e) {
            throw new InputException("policy '" + spec + "': switch point must be a number in (0, 1)");
        }
        if (!(switchAt > 0 && switchAt < 1)) {
            throw new InputException("policy '" + spec + "': switch point must be in (0, 1), got " + switchAt);
        }
        return phase(emotion(pair[0], spec), emotion(pair[1], spec), switchAt);
    }

    private static EmotionPolicy ekman(String body, String spec) {
        Map<EkmanGroup, Emotion> table = new EnumMap<>(EkmanGroup.class);
        Emotion fallback = null;
        for (String rule : body.split(",")) {
            String[] kv = rule.split(">");
            if (kv.length != 2) {
                throw new InputException("policy '" + spec + "': each rule must read GROUP>EMOTION, got '" + rule + "'");
            }
            Emotion e = emotion(kv[1], spec);
            if (kv[0].trim().equals("default")) {
                fallback = e;
                continue;
            }
            EkmanGroup g;
            try {
                g = EkmanGroup.valueOf(kv[0].trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException ex) {
                throw new InputException("policy '" + spec + "': unknown Ekman group '" + kv[0]
                        + "' (anger, disgust, fear, joy, sadness, surprise, neutral, default)");
            }
            table.put(g, e);
        }
        if (fallback == null) {
            throw new InputException("policy '" + spec + "': add a default>EMOTION rule");
        }
        return ekman(table, fallback, "rule:ekman:" + body);
    }

    private static Emotion emotion(String label, String spec) {
        return Emotion.parse(label).filter(e -> !e.isControl() || label.contains("no"))
                .orElseThrow(() -> new InputException("policy '" + spec + "': unknown emotion '" + label
                        + "' (expected one of " + Emotion.labelsForHelp() + ")"));
    }

    private interface Choice {
        Emotion choose(TurnContext ctx, SplittableRandom rng);
    }

    private record Named(String name, Choice choice) implements EmotionPolicy {
        @Override
        public Emotion choose(TurnContext context, SplittableRandom rng) {
            return choice.choose(context, rng);
        }
    }
}
