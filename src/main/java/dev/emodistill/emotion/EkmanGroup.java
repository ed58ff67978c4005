package dev.emodistill.emotion;

/**
 * The coarse emotion families used by GoEmotions' Ekman mapping (Demszky et al., 2020), plus neutral.
 * Accuracy "on Ekman groups" counts a prediction as right when it lands in the gold label's family.
 */
public enum EkmanGroup {
    ANGER, DISGUST, FEAR, JOY, SADNESS, SURPRISE, NEUTRAL;

    /** Lower-case name used in JSON and reports. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
