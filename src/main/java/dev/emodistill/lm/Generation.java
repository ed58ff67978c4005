package dev.emodistill.lm;

/**
 * One prompt's generated continuation.
 *
 * @param tokens   generated ids (the stop token, if one ended it, is the last)
 * @param logProbs per token, its log-probability under the model's own distribution (the raw softmax of the
 *                 logits: no temperature, top-p or penalty), i.e. what {@link LlamaModel#scoredLogProbs} gives for
 *                 the same prompt and response, so a behaviour policy's log-probs can be kept for JPO's ratio
 * @param stopped  true when a stop token ended it, false when it reached the token limit
 */
public record Generation(int[] tokens, float[] logProbs, boolean stopped) {

    /** Token-mean of {@link #logProbs}. */
    public double meanLogProb() {
        double s = 0;
        for (float lp : logProbs) {
            s += lp;
        }
        return logProbs.length == 0 ? 0 : s / logProbs.length;
    }
}
