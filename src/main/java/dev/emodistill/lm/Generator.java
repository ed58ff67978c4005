package dev.emodistill.lm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Batched generation with a KV cache: prompts are sorted by length and cut into batches of at most
 * {@code maxBatch}; each batch is left-padded to its longest prompt (see {@link KvCache}), prefilled in one pass,
 * then extended one token per step for all its rows. Rows that stop are dropped from the cache once a quarter of
 * the batch has stopped, so later steps compute less.
 *
 * <p>Each prompt samples from its own {@code SplittableRandom(seed)} on the Java side, so its continuation does not
 * depend on which other prompts share its batch (up to floating-point rounding between batch shapes, which can
 * only matter at exact ties). Not thread-safe (it drives one model).
 */
public final class Generator {
    private final LlamaModel model;
    private final int maxBatch;

    public Generator(LlamaModel model) {
        this(model, 64);
    }

    public Generator(LlamaModel model, int maxBatch) {
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.model = model;
        this.maxBatch = maxBatch;
    }

    /**
     * Continues every prompt; result i belongs to prompt i.
     *
     * @param prompts token ids, each non-empty, with prompt length + max new tokens within the model's context
     * @param seeds   one per prompt
     */
    public List<Generation> generate(List<int[]> prompts, SamplingOptions options, long[] seeds) {
        if (seeds.length != prompts.size()) {
            throw new IllegalArgumentException(prompts.size() + " prompts but " + seeds.length + " seeds");
        }
        LlamaConfig c = model.config();
        for (int i = 0; i < prompts.size(); i++) {
            int[] p = prompts.get(i);
            if (p.length == 0) {
                throw new IllegalArgumentException("prompt " + i + " is empty");
            }
            if (p.length + options.maxNewTokens() > c.maxContext()) {
                throw new IllegalArgumentException("prompt " + i + " has " + p.length + " tokens; with up to "
                        + options.maxNewTokens() + " new tokens it needs " + (p.length + options.maxNewTokens())
                        + " positions but the model's context is " + c.maxContext());
            }
            for (int id : p) {
                if (id < 0 || id >= c.vocabSize()) {
                    throw new IllegalArgumentException("prompt " + i + ": token id " + id
                            + " is outside the vocabulary of " + c.vocabSize());
                }
            }
        }
        Set<Integer> stops = new HashSet<>(options.stopIds());
        stops.addAll(c.eosTokenIds());
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> -prompts.get(i).length));
        Generation[] out = new Generation[prompts.size()];
        for (int from = 0; from < order.size(); from += maxBatch) {
            List<Integer> chunk = order.subList(from, Math.min(order.size(), from + maxBatch));
            runBatch(chunk, prompts, options, seeds, stops, out);
        }
        return List.of(out);
    }

    /** The state of one prompt being continued. */
    private static final class Row {
        final int index;
        final SplittableRandom rng;
        final boolean[] seen;
        final int[] tokens;
        final float[] logProbs;
        int count;
        boolean stopped;

        Row(int index, int[] prompt, long seed, int vocab, int maxNew, boolean trackSeen) {
            this.index = index;
            this.rng = new SplittableRandom(seed);
            this.seen = trackSeen ? new boolean[vocab] : null;
            if (trackSeen) {
                for (int id : prompt) {
                    seen[id] = true;
                }
            }
            this.tokens = new int[maxNew];
            this.logProbs = new float[maxNew];
        }

        boolean done(int maxNew) {
            return stopped || count == maxNew;
        }

        Generation result() {
            return new Generation(Arrays.copyOf(tokens, count), Arrays.copyOf(logProbs, count), stopped);
        }
    }

    private void runBatch(List<Integer> chunk, List<int[]> prompts, SamplingOptions options, long[] seeds,
                          Set<Integer> stops, Generation[] out) {
        int n = chunk.size();
        int longest = prompts.get(chunk.get(0)).length;
        int maxNew = options.maxNewTokens();
        int vocab = model.config().vocabSize();
        int[] padding = new int[n];
        int[] prefill = new int[n * longest];
        Row[] rows = new Row[n];
        for (int b = 0; b < n; b++) {
            int[] p = prompts.get(chunk.get(b));
            padding[b] = longest - p.length;
            System.arraycopy(p, 0, prefill, b * longest + padding[b], p.length);
            rows[b] = new Row(chunk.get(b), p, seeds[chunk.get(b)], vocab, maxNew, options.repetitionPenalty() != 1);
        }
        // Columns needed: the prompt plus every generated token but the last, which is never fed back.
        try (KvCache cache = model.newCache(padding, longest + maxNew - 1)) {
            LlamaModel.StepLogits logits = model.step(cache, prefill, longest);
            Row[] inCache = rows;
            while (true) {
                int finished = 0;
                for (int i = 0; i < inCache.length; i++) {
                    Row r = inCache[i];
                    if (r.done(maxNew)) {
                        finished++;
                        continue;
                    }
                    pick(r, logits.logits()[i], logits.logNormalisers()[i], options, stops);
                    if (r.done(maxNew)) {
                        finished++;
                    }
                }
                if (finished == inCache.length) {
                    break;
                }
                if (finished * 4 >= inCache.length) {
                    int[] keep = new int[inCache.length - finished];
                    Row[] kept = new Row[keep.length];
                    int k = 0;
                    for (int i = 0; i < inCache.length; i++) {
                        if (!inCache[i].done(maxNew)) {
                            keep[k] = i;
                            kept[k++] = inCache[i];
                        }
                    }
                    cache.keepRows(keep);
                    inCache = kept;
                }
                int[] next = new int[inCache.length];
                for (int i = 0; i < inCache.length; i++) {
                    Row r = inCache[i];
                    next[i] = r.count == 0 ? 0 : r.tokens[r.count - 1];
                }
                logits = model.step(cache, next, 1);
            }
        }
        for (Row r : rows) {
            out[r.index] = r.result();
        }
    }

    /** Chooses the row's next token from its logits and records it with its log-probability. */
    private static void pick(Row r, float[] logits, float logNormaliser, SamplingOptions o, Set<Integer> stops) {
        int token;
        if (o.temperature() == 0 && r.seen == null) {
            token = argmax(logits);
        } else if (o.temperature() == 0) {
            token = argmax(adjusted(logits, r, o));
        } else {
            token = sample(adjusted(logits, r, o), r, o);
        }
        r.tokens[r.count] = token;
        r.logProbs[r.count] = logits[token] - logNormaliser;
        r.count++;
        if (r.seen != null) {
            r.seen[token] = true;
        }
        if (stops.contains(token)) {
            r.stopped = true;
        }
    }

    private static int argmax(float[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double[] adjusted(float[] logits, Row r, SamplingOptions o) {
        double[] a = new double[logits.length];
        double penalty = o.repetitionPenalty();
        for (int i = 0; i < a.length; i++) {
            double x = logits[i];
            if (r.seen != null && r.seen[i]) {
                x = x > 0 ? x / penalty : x * penalty;
            }
            a[i] = x;
        }
        return a;
    }

    private static int argmax(double[] a) {
        int best = 0;
        for (int i = 1; i < a.length; i++) {
            if (a[i] > a[best]) {
                best = i;
            }
        }
        return best;
    }

    private static int sample(double[] a, Row r, SamplingOptions o) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : a) {
            max = Math.max(max, x);
        }
        double total = 0;
        for (int i = 0; i < a.length; i++) {
            a[i] = Math.exp((a[i] - max) / o.temperature());
            total += a[i];
        }
        double threshold = 0;
        if (o.topP() < 1) {
            // The smallest probability still inside the nucleus; ties with it stay in, so the kept set does not
            // depend on how a sort orders equal values.
            double[] sorted = a.clone();
            Arrays.sort(sorted);
            double cumulative = 0;
            for (int k = sorted.length - 1; k >= 0; k--) {
                cumulative += sorted[k];
                threshold = sorted[k];
                if (cumulative >= o.topP() * total) {
                    break;
                }
            }
        }
        double mass = 0;
        for (double x : a) {
            if (x >= threshold) {
                mass += x;
            }
        }
        double u = r.rng.nextDouble() * mass;
        double acc = 0;
        int last = -1;
        for (int i = 0; i < a.length; i++) {
            if (a[i] >= threshold) {
                acc += a[i];
                last = i;
                if (u < acc) {
                    return i;
                }
            }
        }
        return last;
    }
}
