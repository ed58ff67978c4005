package dev.emodistill.llm;

import java.util.Locale;

/**
 * The parts of the system that can run on a chat-completions model. Each has its own settings (a small
 * model for the judge, say) and its own defaults: the voices sample, the raters and the extractor are
 * greedy (temperature 0) so their verdicts reproduce.
 */
public enum LlmRole {
    /** The focal agent's words ({@code --expresser llm}). */
    EXPRESSER(0.7, 256),
    /** The other side, words and number ({@code --counterparty llm}). */
    COUNTERPARTY(0.7, 320),
    /** The turn judge ({@code --judge llm}). */
    JUDGE(0.0, 400),
    /** Emotion perception ({@code --classifier llm}). */
    CLASSIFIER(0.0, 200),
    /** Reads an offer the deterministic parser could not find. */
    EXTRACTOR(0.0, 24);

    private final double defaultTemperature;
    private final int defaultMaxTokens;

    LlmRole(double defaultTemperature, int defaultMaxTokens) {
        this.defaultTemperature = defaultTemperature;
        this.defaultMaxTokens = defaultMaxTokens;
    }

    /** Lower-case name used in options, config keys, usage records and messages. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The prefix of this role's own options, e.g. {@code --judge-llm} for {@code --judge-llm-model}. */
    public String optionPrefix() {
        return "--" + label() + "-llm";
    }

    public double defaultTemperature() {
        return defaultTemperature;
    }

    public int defaultMaxTokens() {
        return defaultMaxTokens;
    }

    /** Whether the role's replies must reproduce exactly (greedy decoding, one cache entry per prompt). */
    public boolean greedy() {
        return defaultTemperature == 0;
    }
}
