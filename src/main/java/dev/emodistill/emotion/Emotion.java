package dev.emodistill.emotion;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The 28 GoEmotions labels (27 emotions + neutral), in the dataset's label order, plus a distinct
 * {@link #NO_EMOTION} control that shows no affect at all (the paper's vanilla agent).
 *
 * <p>The label order is part of the GoEmotions TSV format (label indices) and of every learned
 * policy's action space, so it must never change. {@link #GOEMOTIONS} holds the 28 actions;
 * {@code NO_EMOTION} is deliberately not among them.
 *
 * <p>Valence, arousal and dominance are approximate coordinates in [-1, 1], in the spirit of
 * lexicon norms such as NRC-VAD (Mohammad, 2018) and Russell's circumplex, rounded by hand; they
 * drive the simulated counterparties' responses and are documented as simulator assumptions.
 */
public enum Emotion {
    ADMIRATION(EkmanGroup.JOY, 0.75, 0.35, 0.25, "admiring", "respect and esteem", "praise their strengths and build on"),
    AMUSEMENT(EkmanGroup.JOY, 0.80, 0.55, 0.35, "amused", "light playful humour", "joke gently while keeping your position"),
    ANGER(EkmanGroup.ANGER, -0.75, 0.80, 0.55, "angry", "hot open indignation", "protest sharply and demand better terms"),
    ANNOYANCE(EkmanGroup.ANGER, -0.55, 0.50, 0.25, "annoyed", "irritated mild impatience", "signal irritation and push for progress"),
    APPROVAL(EkmanGroup.JOY, 0.60, 0.10, 0.35, "approving", "calm positive agreement", "endorse good points, then steer firmly"),
    CARING(EkmanGroup.JOY, 0.70, 0.10, 0.30, "caring", "warm protective concern", "show concern for their wellbeing throughout"),
    CONFUSION(EkmanGroup.SURPRISE, -0.30, 0.30, -0.35, "confused", "honest puzzled uncertainty", "question their reasoning and seek clarity"),
    CURIOSITY(EkmanGroup.SURPRISE, 0.35, 0.45, 0.10, "curious", "eager inquisitive interest", "ask probing questions about their constraints"),
    DESIRE(EkmanGroup.JOY, 0.45, 0.60, 0.20, "eager", "strong wanting desire", "say plainly that you want agreement"),
    DISAPPOINTMENT(EkmanGroup.SADNESS, -0.60, -0.15, -0.30, "disappointed", "let down expectations", "express that their offer falls short"),
    DISAPPROVAL(EkmanGroup.ANGER, -0.55, 0.25, 0.30, "disapproving", "firm moral objection", "object to their stance, holding firm"),
    DISGUST(EkmanGroup.DISGUST, -0.70, 0.40, 0.20, "disgusted", "revulsion at unfairness", "reject the offer as distastefully unfair"),
    EMBARRASSMENT(EkmanGroup.SADNESS, -0.50, 0.35, -0.55, "embarrassed", "awkward self conscious", "admit awkwardness while still asking firmly"),
    EXCITEMENT(EkmanGroup.JOY, 0.75, 0.85, 0.35, "excited", "energetic hopeful enthusiasm", "convey enthusiasm about reaching a deal"),
    FEAR(EkmanGroup.FEAR, -0.75, 0.70, -0.65, "fearful", "worried anxious dread", "stress the dangers of no agreement"),
    GRATITUDE(EkmanGroup.JOY, 0.80, 0.15, 0.10, "grateful", "sincere warm thankfulness", "thank them and invite fair steps"),
    GRIEF(EkmanGroup.SADNESS, -0.90, -0.10, -0.60, "grieving", "deep heavy sorrow", "share the painful stakes behind requests"),
    JOY(EkmanGroup.JOY, 0.90, 0.55, 0.45, "joyful", "bright cheerful happiness", "keep spirits high and celebrate progress"),
    LOVE(EkmanGroup.JOY, 0.90, 0.40, 0.30, "affectionate", "deep fond affection", "speak with warmth and personal closeness"),
    NERVOUSNESS(EkmanGroup.FEAR, -0.50, 0.65, -0.50, "nervous", "tense uneasy apprehension", "voice unease about how this ends"),
    OPTIMISM(EkmanGroup.JOY, 0.70, 0.30, 0.35, "optimistic", "hopeful positive confidence", "frame agreement as close and achievable"),
    PRIDE(EkmanGroup.JOY, 0.65, 0.45, 0.70, "proud", "confident self assured", "cite your record and stand tall"),
    REALIZATION(EkmanGroup.SURPRISE, 0.15, 0.20, 0.20, "reflective", "sudden clear insight", "point out what you now see"),
    RELIEF(EkmanGroup.JOY, 0.60, -0.35, 0.15, "relieved", "eased released tension", "welcome progress and ease the pressure"),
    REMORSE(EkmanGroup.SADNESS, -0.60, 0.00, -0.45, "remorseful", "sincere regretful apology", "apologise for friction yet keep asking"),
    SADNESS(EkmanGroup.SADNESS, -0.75, -0.35, -0.50, "sad", "quiet heavy sadness", "share how this outcome saddens you"),
    SURPRISE(EkmanGroup.SURPRISE, 0.15, 0.75, 0.00, "surprised", "sudden startled astonishment", "react with astonishment to their proposal"),
    NEUTRAL(EkmanGroup.NEUTRAL, 0.00, 0.00, 0.00, "neutral", "even balanced composure", "state facts plainly without any colour"),
    /** The control: no affective prompt, no emotional colouring. Not one of the 28 actions. */
    NO_EMOTION(EkmanGroup.NEUTRAL, 0.00, 0.00, 0.00, "", "", "");

    /** The 28 GoEmotions labels in label-index order: the action space of every emotion policy. */
    public static final List<Emotion> GOEMOTIONS = List.of(values()).subList(0, 28);

    /** Number of GoEmotions labels (the action count). */
    public static final int COUNT = 28;

    private final EkmanGroup ekman;
    private final double valence;
    private final double arousal;
    private final double dominance;
    private final String tone;
    private final String affect;
    private final String behaviour;

    Emotion(EkmanGroup ekman, double valence, double arousal, double dominance,
            String tone, String affect, String behaviour) {
        this.ekman = ekman;
        this.valence = valence;
        this.arousal = arousal;
        this.dominance = dominance;
        this.tone = tone;
        this.affect = affect;
        this.behaviour = behaviour;
    }

    /** Lower-case label as in GoEmotions ({@code no_emotion} for the control). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** GoEmotions label index 0..27; -1 for the control. */
    public int index() {
        return this == NO_EMOTION ? -1 : ordinal();
    }

    public EkmanGroup ekman() {
        return ekman;
    }

    public double valence() {
        return valence;
    }

    public double arousal() {
        return arousal;
    }

    public double dominance() {
        return dominance;
    }

    public boolean isControl() {
        return this == NO_EMOTION;
    }

    /**
     * The affective-prompt block for an LLM or LM expresser. Every emotion uses one structure (tone
     * word, three-word affect, six-word behaviour) so prompt length never confounds a comparison of
     * emotions. The control has no block at all.
     */
    public String affectivePrompt() {
        if (isControl()) {
            return "";
        }
        String article = "aeiou".indexOf(Character.toLowerCase(tone.charAt(0))) >= 0 ? "an " : "a ";
        return "Emotional stance: " + label() + ". Use " + article + tone + " tone. You feel " + affect
                + ". In each message, " + behaviour + ".";
    }

    /** The emotion with this GoEmotions index (0..27). */
    public static Emotion ofIndex(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException("GoEmotions label index must be 0.." + (COUNT - 1) + ", got " + index);
        }
        return values()[index];
    }

    /** Parses a label such as {@code anger}, {@code Anger} or {@code no_emotion} / {@code none}. */
    public static Optional<Emotion> parse(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String key = label.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        if (key.equals("none") || key.equals("no_emotion") || key.equals("vanilla_control")) {
            return Optional.of(NO_EMOTION);
        }
        for (Emotion e : values()) {
            if (e.label().equals(key)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Comma-separated list of the accepted labels, for error messages and help text. */
    public static String labelsForHelp() {
        StringBuilder sb = new StringBuilder();
        for (Emotion e : GOEMOTIONS) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(e.label());
        }
        return sb.toString();
    }
}
