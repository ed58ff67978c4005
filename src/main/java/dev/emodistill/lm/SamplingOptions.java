package dev.emodistill.lm;

import java.util.List;

/**
 * How {@link Generator} picks tokens.
 *
 * @param temperature       0 = greedy (argmax); otherwise logits are divided by it before sampling
 * @param topP              nucleus sampling: keep the most likely tokens whose probabilities sum to at least this
 *                          (1 = keep all)
 * @param repetitionPenalty CTRL-style penalty (Hugging Face's): a token already in the prompt or the output has its
 *                          logit divided by this if positive, multiplied if negative (1 = none)
 * @param maxNewTokens      generation stops after this many tokens
 * @param stopIds           tokens that end a generation (the stop token is included in the output); the model's
 *                          end-of-sequence ids from its config are always added
 */
public record SamplingOptions(double temperature, double topP, double repetitionPenalty, int maxNewTokens,
                              List<Integer> stopIds) {

    public SamplingOptions {
        if (!(temperature >= 0) || !(topP > 0 && topP <= 1) || !(repetitionPenalty > 0) || maxNewTokens < 1) {
            throw new IllegalArgumentException("sampling needs temperature >= 0, 0 < top-p <= 1, repetition penalty "
                    + "> 0 and max new tokens >= 1");
        }
        stopIds = List.copyOf(stopIds);
    }

    /** Argmax decoding. */
    public static SamplingOptions greedy(int maxNewTokens) {
        return new SamplingOptions(0, 1, 1, maxNewTokens, List.of());
    }

    /** Temperature and nucleus sampling, no repetition penalty. */
    public static SamplingOptions sample(double temperature, double topP, int maxNewTokens) {
        return new SamplingOptions(temperature, topP, 1, maxNewTokens, List.of());
    }

    public SamplingOptions withStopIds(List<Integer> ids) {
        return new SamplingOptions(temperature, topP, repetitionPenalty, maxNewTokens, ids);
    }

    public SamplingOptions withRepetitionPenalty(double penalty) {
        return new SamplingOptions(temperature, topP, penalty, maxNewTokens, stopIds);
    }

    public SamplingOptions withTemperature(double t) {
        return new SamplingOptions(t, topP, repetitionPenalty, maxNewTokens, stopIds);
    }

    public SamplingOptions withMaxNewTokens(int n) {
        return new SamplingOptions(temperature, topP, repetitionPenalty, n, stopIds);
    }
}
