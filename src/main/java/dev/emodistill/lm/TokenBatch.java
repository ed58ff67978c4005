package dev.emodistill.lm;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch of token sequences for next-token training, right-padded to one length: position j of a row reads
 * {@code inputs[j]} and is scored on predicting {@code targets[j]} with weight {@code weights[j]} (0 = no loss,
 * e.g. prompt or padding). Causal attention means right padding never changes the real positions, so no attention
 * mask is needed. Arrays are row-major [rows, length].
 *
 * @param rows    sequences
 * @param length  positions per row (longest sequence minus one)
 * @param inputs  input token ids (padding: 0)
 * @param targets next-token ids (padding: 0)
 * @param weights loss weight per position
 */
public record TokenBatch(int rows, int length, int[] inputs, int[] targets, float[] weights) {

    public TokenBatch {
        int n = rows * length;
        if (rows <= 0 || length <= 0 || inputs.length != n || targets.length != n || weights.length != n) {
            throw new IllegalArgumentException("a batch of " + rows + " x " + length + " needs that many inputs, "
                    + "targets and weights");
        }
    }

    /** Loss on every next token: language-model pre-training. */
    public static TokenBatch full(List<int[]> sequences) {
        int[] from = new int[sequences.size()];
        java.util.Arrays.fill(from, 1);
        return causal(sequences, from);
    }

    /**
     * Prompt + response pairs with loss on the response tokens only (SFT), which also makes {@link
     * LlamaModel#responseLogProbs} score the response given the prompt.
     */
    public static TokenBatch responses(List<int[]> prompts, List<int[]> responses) {
        if (prompts.size() != responses.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + responses.size() + " responses");
        }
        List<int[]> sequences = new ArrayList<>();
        int[] from = new int[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            int[] p = prompts.get(i);
            int[] r = responses.get(i);
            if (p.length == 0 || r.length == 0) {
                throw new IllegalArgumentException("row " + i + ": prompt and response must not be empty");
            }
            int[] s = new int[p.length + r.length];
            System.arraycopy(p, 0, s, 0, p.length);
            System.arraycopy(r, 0, s, p.length, r.length);
            sequences.add(s);
            from[i] = p.length;
        }
        return causal(sequences, from);
    }

    /**
     * Sequences scored on tokens at index {@code lossFrom[i]} and later (index 0 can never be predicted).
     */
    public static TokenBatch causal(List<int[]> sequences, int[] lossFrom) {
        if (sequences.isEmpty() || lossFrom.length != sequences.size()) {
            throw new IllegalArgumentException("need one lossFrom per sequence and at least one sequence");
        }
        int longest = 0;
        for (int i = 0; i < sequences.size(); i++) {
            int n = sequences.get(i).length;
            if (n < 2) {
                throw new IllegalArgumentException("row " + i + ": a sequence needs at least 2 tokens, got " + n);
            }
            if (lossFrom[i] < 1 || lossFrom[i] >= n) {
                throw new IllegalArgumentException("row " + i + ": lossFrom " + lossFrom[i]
                        + " must be in 1.." + (n - 1) + " so at least one token is scored");
            }
            longest = Math.max(longest, n);
        }
        int rows = sequences.size();
        int length = longest - 1;
        int[] inputs = new int[rows * length];
        int[] targets = new int[rows * length];
        float[] weights = new float[rows * length];
        for (int i = 0; i < rows; i++) {
            int[] s = sequences.get(i);
            for (int j = 0; j + 1 < s.length; j++) {
                inputs[i * length + j] = s[j];
                targets[i * length + j] = s[j + 1];
                weights[i * length + j] = j + 1 >= lossFrom[i] ? 1f : 0f;
            }
        }
        return new TokenBatch(rows, length, inputs, targets, weights);
    }

    /** Flat indices (row * length + position) of the scored positions, in order. */
    public int[] scored() {
        int n = 0;
        for (float w : weights) {
            if (w != 0) {
                n++;
            }
        }
        int[] out = new int[n];
        int k = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] != 0) {
                out[k++] = i;
            }
        }
        return out;
    }
}
