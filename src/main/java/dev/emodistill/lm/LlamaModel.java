package dev.emodistill.lm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Embedding;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.pytorch.jni.JniUtils;
import dev.emodistill.io.Safetensors;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A Llama-style causal decoder on DJL arrays: token embedding, per block RMSNorm, rotary self-attention with
 * grouped-query heads and a SwiGLU MLP, a final RMSNorm and an output head (tied to the embedding or not). The
 * same code runs Qwen2 checkpoints (q/k/v biases).
 *
 * <p>Parameters are stored under their Hugging Face names with PyTorch's [out, in] linear layout, and rotary
 * positions use Hugging Face's "rotate half" convention, so published checkpoints load without renaming or
 * permuting. They live in a sub-manager of the manager given at creation; per-call temporaries live in a
 * manager the caller passes (training) or one made and closed per call (generation).
 *
 * <p>Training: open a gradient collector, call {@link #maskedLoss} (or {@link #scoredLogProbs} /
 * {@link #responseLogProbs} for custom objectives), back-propagate, step an optimizer over
 * {@link #trainableParameters()}. With a LoRA adapter attached only its A and B record gradients.
 *
 * <p>Not thread-safe: one thread at a time may use a model (the engine also allows only one gradient collector per
 * JVM).
 */
public final class LlamaModel implements AutoCloseable {
    private static final float MASKED = -1e9f;
    private static final int Q = 0;
    private static final int K = 1;
    private static final int V = 2;
    private static final int O = 3;
    private static final int GATE = 4;
    private static final int UP = 5;
    private static final int DOWN = 6;

    /** One decoder block's parameters: the seven linear weights in {@link HfNames#MODULES} order. */
    private record Layer(NDArray inputNorm, NDArray[] linear, NDArray[] bias, NDArray postNorm) {
    }

    /** Rotary tables broadcastable to [B, T, heads, headSize / 2]. */
    private record Rope(NDArray cos, NDArray sin) {
        NDArray apply(NDArray x) {
            NDList halves = x.split(2, 3);
            NDArray x1 = halves.get(0);
            NDArray x2 = halves.get(1);
            NDArray r1 = x1.mul(cos).sub(x2.mul(sin));
            NDArray r2 = x2.mul(cos).add(x1.mul(sin));
            return NDArrays.concat(new NDList(r1, r2), 3);
        }
    }

    private final LlamaConfig config;
    private final NDManager manager;
    private final DataType dtype;
    private final Map<String, NDArray> parameters;
    private final Layer[] layers;
    private final NDArray embed;
    private final NDArray finalNorm;
    private final NDArray head;
    private final NDArray cosTable;
    private final NDArray sinTable;
    private Lora lora;
    private ByteBuffer[][] unmerged;
    private boolean training;

    private LlamaModel(LlamaConfig config, NDManager parent, DataType dtype, Function<String, float[]> values) {
        if (dtype != DataType.FLOAT32 && dtype != DataType.FLOAT64) {
            throw new IllegalArgumentException("model dtype must be float32 or float64, got " + dtype);
        }
        this.config = config;
        this.dtype = dtype;
        this.manager = parent.newSubManager();
        Map<String, NDArray> params = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : HfNames.shapes(config).entrySet()) {
            NDArray p = typed(manager, manager.create(values.apply(e.getKey()), new Shape(e.getValue())));
            p.setName(e.getKey());
            p.setRequiresGradient(true);
            params.put(e.getKey(), p);
        }
        this.parameters = Collections.unmodifiableMap(params);
        this.layers = new Layer[config.layers()];
        for (int i = 0; i < config.layers(); i++) {
            NDArray[] linear = new NDArray[HfNames.MODULES.size()];
            NDArray[] bias = new NDArray[3];
            for (int m = 0; m < linear.length; m++) {
                linear[m] = params.get(HfNames.weight(i, HfNames.MODULES.get(m)));
            }
            if (config.attentionBias()) {
                for (int m = 0; m < 3; m++) {
                    bias[m] = params.get(HfNames.bias(i, HfNames.MODULES.get(m)));
                }
            }
            layers[i] = new Layer(params.get(HfNames.inputNorm(i)), linear, bias, params.get(HfNames.postNorm(i)));
        }
        this.embed = params.get(HfNames.EMBED);
        this.finalNorm = params.get(HfNames.FINAL_NORM);
        this.head = config.tieEmbeddings() ? embed : params.get(HfNames.HEAD);
        double[] inv = config.inverseFrequencies();
        int half = inv.length;
        float[] cos = new float[config.maxContext() * half];
        float[] sin = new float[config.maxContext() * half];
        for (int p = 0; p < config.maxContext(); p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * inv[i];
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
        this.cosTable = typed(manager, manager.create(cos, new Shape(config.maxContext(), half)));
        this.sinTable = typed(manager, manager.create(sin, new Shape(config.maxContext(), half)));
    }

    /** Casts a freshly made float32 array to the model's dtype, closing the original. */
    private NDArray typed(NDManager owner, NDArray x) {
        if (dtype == DataType.FLOAT32) {
            return x;
        }
        NDArray cast = x.toType(dtype, false);
        cast.attach(owner);
        x.close();
        return cast;
    }

    /**
     * A model with seeded random weights (Hugging Face's initialisation: normal(0, 0.02) for embeddings and
     * linear weights, ones for norms, zeros for biases), float32. The same seed gives bit-identical weights.
     */
    public static LlamaModel create(LlamaConfig config, long seed, NDManager manager) {
        return create(config, seed, manager, DataType.FLOAT32);
    }

    /** As {@link #create(LlamaConfig, long, NDManager)} in float32 or float64 (float64: for gradient checks). */
    public static LlamaModel create(LlamaConfig config, long seed, NDManager manager, DataType dtype) {
        Map<String, long[]> shapes = HfNames.shapes(config);
        return new LlamaModel(config, manager, dtype, name -> {
            int n = (int) new Shape(shapes.get(name)).size();
            if (name.endsWith("norm.weight")) {
                return Init.constant(n, 1f);
            }
            return name.endsWith(".bias") ? new float[n] : Init.normal(seed, name, n, Init.STD);
        });
    }

    /**
     * A model from named tensors, checking that each expected tensor is present with its shape and that no
     * unknown one is left over.
     */
    static LlamaModel fromTensors(LlamaConfig config, TensorSource tensors, NDManager manager) {
        Map<String, long[]> shapes = HfNames.shapes(config);
        LlamaModel model = new LlamaModel(config, manager, DataType.FLOAT32,
                name -> tensors.take(name, shapes.get(name)));
        try {
            tensors.requireAllTaken("a " + config.architecture() + " model with " + config.layers() + " layers"
                    + (config.tieEmbeddings() ? " and a tied head" : ""));
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
        return model;
    }

    /** Loads a model folder (ours or a plain Hugging Face one); see {@link Checkpoints#loadModel}. */
    public static LlamaModel load(Path dir, NDManager manager) {
        return Checkpoints.loadModel(dir, manager);
    }

    /** Saves in the Hugging Face layout plus {@code emodistill.json}; see {@link Checkpoints#saveModel}. */
    public void save(Path dir, CheckpointInfo info, Path tokenizerJson) {
        Checkpoints.saveModel(this, dir, info, tokenizerJson);
    }

    public LlamaConfig config() {
        return config;
    }

    public DataType dtype() {
        return dtype;
    }

    /** The manager that owns the parameters (sub-managers of it suit per-call temporaries). */
    public NDManager manager() {
        return manager;
    }

    /** Base parameters by Hugging Face name (the live arrays; with a merged adapter they include it). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** Base parameters as float32 tensors by Hugging Face name, for saving. */
    public Map<String, Safetensors.Tensor> tensors() {
        Map<String, Safetensors.Tensor> out = new LinkedHashMap<>();
        parameters.forEach((k, v) -> out.put(k, new Safetensors.Tensor(v.getShape().getShape(), Lora.floats(v))));
        return out;
    }

    /**
     * What an optimizer should update: with an adapter attached, its A and B by PEFT key (none if the adapter is
     * frozen), since the base is then frozen; without one, every base parameter (full fine-tuning).
     */
    public Map<String, NDArray> trainableParameters() {
        if (lora != null) {
            return lora.trainable() ? lora.parameters() : Map.of();
        }
        return parameters;
    }

    /** Dropout on adapter paths is applied only in training mode (off by default). */
    public void setTraining(boolean on) {
        this.training = on;
    }

    public boolean training() {
        return training;
    }

    // ---------------------------------------------------------------------------------------------- LoRA

    /** Creates a fresh adapter (B = 0, seeded A), attaches it and returns it. */
    public Lora addLora(LoraConfig loraConfig, long seed) {
        Lora fresh = Lora.create(config, loraConfig, seed, manager, dtype);
        attachLora(fresh);
        return fresh;
    }

    /**
     * Makes {@code adapter} the active one (replacing any other) and freezes the base weights; null detaches,
     * leaving the base trainable again. The adapter must fit this model's shape.
     */
    public void attachLora(Lora adapter) {
        if (unmerged != null) {
            throw new IllegalStateException("unmerge the current adapter before changing adapters");
        }
        if (adapter != null) {
            LlamaConfig b = adapter.base();
            if (b.layers() != config.layers() || b.hiddenSize() != config.hiddenSize()
                    || b.kvHeads() * b.headSize() != config.kvHeads() * config.headSize()
                    || b.intermediateSize() != config.intermediateSize()) {
                throw new IllegalArgumentException("the adapter was made for " + b.summary() + ", not this model ("
                        + config.summary() + ")");
            }
        }
        this.lora = adapter;
        for (NDArray p : parameters.values()) {
            p.setRequiresGradient(adapter == null);
        }
    }

    /** The active adapter, or null. */
    public Lora lora() {
        return lora;
    }

    public boolean loraMerged() {
        return unmerged != null;
    }

    /**
     * Adds scaling * B A of the active adapter into the base weights, so inference costs nothing extra; the
     * adapter path is skipped until {@link #unmergeLora()}. The original weights are kept, so unmerging restores
     * them bit for bit.
     */
    @SuppressWarnings("try")
    public void mergeLora() {
        if (lora == null) {
            throw new IllegalStateException("no adapter attached");
        }
        if (unmerged != null) {
            throw new IllegalStateException("the adapter is already merged");
        }
        ByteBuffer[][] saved = new ByteBuffer[config.layers()][HfNames.MODULES.size()];
        float scaling = (float) lora.config().scaling();
        try (NoGrad ignored = NoGrad.enter(); NDManager sm = manager.newSubManager()) {
            for (int l = 0; l < config.layers(); l++) {
                for (int m = 0; m < HfNames.MODULES.size(); m++) {
                    if (lora.a(l, m) == null) {
                        continue;
                    }
                    NDArray w = layers[l].linear()[m];
                    saved[l][m] = w.toByteBuffer();
                    NDArray delta = lora.b(l, m).matMul(lora.a(l, m));
                    delta.attach(sm);
                    w.addi(delta.mul(scaling));
                }
            }
        }
        unmerged = saved;
    }

    /** Restores the base weights saved by {@link #mergeLora()} and turns the adapter path back on. */
    @SuppressWarnings("try")
    public void unmergeLora() {
        if (unmerged == null) {
            throw new IllegalStateException("no adapter is merged");
        }
        try (NoGrad ignored = NoGrad.enter()) {
            for (int l = 0; l < config.layers(); l++) {
                for (int m = 0; m < HfNames.MODULES.size(); m++) {
                    if (unmerged[l][m] != null) {
                        layers[l].linear()[m].set(unmerged[l][m].rewind());
                    }
                }
            }
        }
        unmerged = null;
    }

    private boolean adapterPath() {
        return lora != null && unmerged == null;
    }

    // ------------------------------------------------------------------------------------------- forward

    /**
     * Logits [B, T, V] for token ids [B, T] (integer array in {@code sm}); rows share positions 0..T-1. Rows of
     * different lengths may be right-padded with any id: causal attention keeps padding from changing the real
     * positions' logits.
     */
    public NDArray forwardLogits(NDManager sm, NDArray tokens) {
        Shape s = tokens.getShape();
        int rows = (int) s.get(0);
        int length = checkLength((int) s.get(1));
        NDArray x = decoder(sm, tokens, rows, length, null);
        return Linear.linear(rmsNorm(x, finalNorm), head, null).singletonOrThrow();
    }

    /** Logits [B, T, V] for rows of token ids, right-padded with 0 to the longest. */
    public NDArray forwardLogits(NDManager sm, List<int[]> rows) {
        int longest = rows.stream().mapToInt(r -> r.length).max().orElseThrow();
        int[] flat = new int[rows.size() * longest];
        for (int i = 0; i < rows.size(); i++) {
            checkIds(rows.get(i), "row " + i);
            System.arraycopy(rows.get(i), 0, flat, i * longest, rows.get(i).length);
        }
        return forwardLogits(sm, sm.create(flat, new Shape(rows.size(), longest)));
    }

    /**
     * Log-probabilities [M] of the target at each scored position of the batch (weight != 0), in row-major order
     * ({@link TokenBatch#scored()}). Only scored positions go through the output head, so a loss on the response
     * alone costs less than one on every token.
     */
    public NDArray scoredLogProbs(NDManager sm, TokenBatch batch) {
        checkLength(batch.length());
        checkIds(batch.inputs(), "batch inputs");
        checkIds(batch.targets(), "batch targets");
        NDArray tokens = sm.create(batch.inputs(), new Shape(batch.rows(), batch.length()));
        NDArray x = decoder(sm, tokens, batch.rows(), batch.length(), null)
                .reshape(batch.rows() * batch.length(), config.hiddenSize());
        int[] scored = batch.scored();
        long[] index = new long[scored.length];
        long[] targets = new long[scored.length];
        for (int k = 0; k < scored.length; k++) {
            index[k] = scored[k];
            targets[k] = batch.targets()[scored[k]];
        }
        if (scored.length < batch.rows() * batch.length()) {
            x = x.get(new NDIndex("{}", sm.create(index)));
        }
        NDArray logits = Linear.linear(rmsNorm(x, finalNorm), head, null).singletonOrThrow();
        return logits.logSoftmax(1).gather(sm.create(targets, new Shape(scored.length, 1)), 1)
                .reshape(scored.length);
    }

    /** The weighted mean negative log-likelihood over scored positions (a scalar): the SFT / pre-training loss. */
    public NDArray maskedLoss(NDManager sm, TokenBatch batch) {
        NDArray lp = scoredLogProbs(sm, batch);
        int[] scored = batch.scored();
        float[] w = new float[scored.length];
        double total = 0;
        for (int k = 0; k < scored.length; k++) {
            w[k] = batch.weights()[scored[k]];
            total += w[k];
        }
        return lp.mul(constant(sm, w, new Shape(scored.length))).sum().div((float) -total);
    }

    /**
     * Per row, the weighted mean log-probability of its scored tokens [B]: with {@link TokenBatch#responses} this
     * is the token-mean log pi(response | prompt) that JPO's ratio and KL use.
     */
    public NDArray responseLogProbs(NDManager sm, TokenBatch batch) {
        return rowMeans(sm, batch, scoredLogProbs(sm, batch));
    }

    /**
     * Per-row weighted means [B] of a per-scored-position vector [M] (as {@link #scoredLogProbs} returns), e.g.
     * a token-level KL estimate; differentiable.
     */
    public NDArray rowMeans(NDManager sm, TokenBatch batch, NDArray perToken) {
        int[] scored = batch.scored();
        double[] rowTotal = new double[batch.rows()];
        for (int k : scored) {
            rowTotal[k / batch.length()] += batch.weights()[k];
        }
        float[] segments = new float[batch.rows() * scored.length];
        for (int j = 0; j < scored.length; j++) {
            int row = scored[j] / batch.length();
            segments[row * scored.length + j] = (float) (batch.weights()[scored[j]] / rowTotal[row]);
        }
        return constant(sm, segments, new Shape(batch.rows(), scored.length)).matMul(perToken);
    }

    // ----------------------------------------------------------------------------------------- generation

    /**
     * An empty KV cache for {@code padding.length} rows, row b left-padded by {@code padding[b]} columns, with
     * room for {@code capacity} columns (at most the context).
     */
    public KvCache newCache(int[] padding, int capacity) {
        return new KvCache(manager, config, dtype, padding, capacity);
    }

    /**
     * Feeds {@code count} new tokens per row (row-major [rows, count]) through the model with the cache, appends
     * their keys and values, and returns the logits of each row's last new token [rows][V]. With count > 1 this
     * is the prefill; count 1 is one generation step. Runs without recording gradients.
     */
    public float[][] decode(KvCache cache, int[] tokens, int count) {
        return step(cache, tokens, count).logits();
    }

    /**
     * Last-token logits [rows][V] of a decode step and each row's log normaliser (log-sum-exp of its logits), so a
     * token's log-probability is {@code logits[b][t] - logNormalisers[b]} without a pass over the vocabulary in
     * Java.
     */
    record StepLogits(float[][] logits, float[] logNormalisers) {
    }

    @SuppressWarnings("try")
    StepLogits step(KvCache cache, int[] tokens, int count) {
        int rows = cache.rows();
        if (tokens.length != rows * count) {
            throw new IllegalArgumentException("expected " + rows + " x " + count + " tokens, got " + tokens.length);
        }
        checkIds(tokens, "decode tokens");
        cache.reserve(count);
        try (NoGrad ignored = NoGrad.enter(); NDManager sm = manager.newSubManager()) {
            NDArray ids = sm.create(tokens, new Shape(rows, count));
            NDArray x = decoder(sm, ids, rows, count, cache);
            NDArray last = count == 1 ? x.reshape(rows, config.hiddenSize())
                    : x.get(new NDIndex(":, -1, :"));
            NDArray logits = Linear.linear(rmsNorm(last, finalNorm), head, null).singletonOrThrow();
            NDArray max = logits.max(new int[]{1}, true);
            NDArray normalisers = logits.sub(max).exp().sum(new int[]{1}, true).log().add(max);
            float[] flat = Lora.floats(logits);
            int vocab = config.vocabSize();
            float[][] out = new float[rows][];
            for (int b = 0; b < rows; b++) {
                out[b] = java.util.Arrays.copyOfRange(flat, b * vocab, (b + 1) * vocab);
            }
            return new StepLogits(out, Lora.floats(normalisers));
        }
    }

    // ---------------------------------------------------------------------------------------- internals

    private int checkLength(int length) {
        if (length > config.maxContext()) {
            throw new IllegalArgumentException("sequence of " + length + " tokens exceeds the model's context of "
                    + config.maxContext());
        }
        return length;
    }

    private void checkIds(int[] ids, String what) {
        for (int id : ids) {
            if (id < 0 || id >= config.vocabSize()) {
                throw new IllegalArgumentException(what + ": token id " + id + " is outside the vocabulary of "
                        + config.vocabSize());
            }
        }
    }

    /** A float32 constant made from Java values, in the model's dtype, owned by {@code sm}. */
    private NDArray constant(NDManager sm, float[] values, Shape shape) {
        return typed(sm, sm.create(values, shape));
    }

    /** Hidden states [B, T, D] before the final norm; with a cache, positions continue it and it is extended. */
    private NDArray decoder(NDManager sm, NDArray tokens, int rows, int length, KvCache cache) {
        NDArray x = Embedding.embedding(tokens, embed, SparseFormat.DENSE).singletonOrThrow();
        Rope rope;
        NDArray mask;
        if (cache == null) {
            rope = sharedRope(sm, length);
            mask = causalMask(sm, length);
        } else {
            rope = rowRope(sm, cache, rows, length);
            mask = cacheMask(sm, cache, rows, length);
        }
        for (int l = 0; l < layers.length; l++) {
            x = block(sm, l, x, rows, length, rope, mask, cache);
        }
        if (cache != null) {
            cache.advance(length);
        }
        return x;
    }

    private Rope sharedRope(NDManager sm, int length) {
        NDIndex first = new NDIndex("0:{}", length);
        NDArray cos = cosTable.get(first);
        NDArray sin = sinTable.get(first);
        cos.attach(sm);
        sin.attach(sm);
        Shape s = new Shape(length, 1, config.headSize() / 2);
        return new Rope(cos.reshape(s), sin.reshape(s));
    }

    /** Per-row positions: column j of row b is position j - padding[b] (padding columns get 0; masked anyway). */
    private Rope rowRope(NDManager sm, KvCache cache, int rows, int length) {
        int[] positions = new int[rows * length];
        for (int b = 0; b < rows; b++) {
            for (int t = 0; t < length; t++) {
                positions[b * length + t] = Math.max(0, cache.length() + t - cache.padding(b));
            }
        }
        NDArray p = sm.create(positions, new Shape(rows, length));
        Shape s = new Shape(rows, length, 1, config.headSize() / 2);
        NDArray cos = Embedding.embedding(p, cosTable, SparseFormat.DENSE).singletonOrThrow().reshape(s);
        NDArray sin = Embedding.embedding(p, sinTable, SparseFormat.DENSE).singletonOrThrow().reshape(s);
        return new Rope(cos, sin);
    }

    private NDArray causalMask(NDManager sm, int length) {
        float[] m = new float[length * length];
        for (int i = 0; i < length; i++) {
            for (int j = i + 1; j < length; j++) {
                m[i * length + j] = MASKED;
            }
        }
        return constant(sm, m, new Shape(length, length));
    }

    /** [B, 1, T, columns]: a query sees filled, non-padding columns up to its own. */
    private NDArray cacheMask(NDManager sm, KvCache cache, int rows, int length) {
        int start = cache.length();
        int columns = start + length;
        float[] m = new float[rows * length * columns];
        for (int b = 0; b < rows; b++) {
            int pad = cache.padding(b);
            for (int t = 0; t < length; t++) {
                int base = (b * length + t) * columns;
                for (int j = 0; j < columns; j++) {
                    if (j < pad || j > start + t) {
                        m[base + j] = MASKED;
                    }
                }
            }
        }
        return constant(sm, m, new Shape(rows, 1, length, columns));
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        int last = x.getShape().dimension() - 1;
        NDArray scale = x.square().mean(new int[]{last}, true).add((float) config.rmsNormEps()).pow(-0.5f);
        return x.mul(scale).mul(weight);
    }

    /** x W^T (+ bias) (+ the adapter's scaling * B A dropout(x) when its path is on). */
    private NDArray linear(NDArray x, int layer, int module) {
        Layer ly = layers[layer];
        NDArray bias = module < 3 ? ly.bias()[module] : null;
        NDArray y = Linear.linear(x, ly.linear()[module], bias).singletonOrThrow();
        NDArray delta = adapter(x, layer, module);
        return delta == null ? y : y.add(delta);
    }

    /** The adapter's contribution scaling * B A dropout(x) to a module, or null when it has none. */
    private NDArray adapter(NDArray x, int layer, int module) {
        if (!adapterPath() || lora.a(layer, module) == null) {
            return null;
        }
        NDArray in = training && lora.config().dropout() > 0
                ? Dropout.dropout(x, (float) lora.config().dropout(), true).singletonOrThrow() : x;
        // Scaling the rank-r intermediate costs r values per token instead of `out`.
        NDArray low = Linear.linear(in, lora.a(layer, module), null).singletonOrThrow()
                .mul((float) lora.config().scaling());
        return Linear.linear(low, lora.b(layer, module), null).singletonOrThrow();
    }

    private NDArray block(NDManager sm, int l, NDArray x, int rows, int length, Rope rope, NDArray mask,
                          KvCache cache) {
        Layer ly = layers[l];
        int heads = config.heads();
        int kvHeads = config.kvHeads();
        int hd = config.headSize();
        int group = config.groupSize();
        NDArray h = rmsNorm(x, ly.inputNorm());
        NDArray q = rope.apply(linear(h, l, Q).reshape(rows, length, heads, hd)).mul((float) (1 / Math.sqrt(hd)));
        NDArray k = rope.apply(linear(h, l, K).reshape(rows, length, kvHeads, hd)).transpose(0, 2, 1, 3);
        NDArray v = linear(h, l, V).reshape(rows, length, kvHeads, hd).transpose(0, 2, 1, 3);
        int columns = length;
        if (cache != null) {
            cache.write(l, k, v, length);
            columns = cache.length() + length;
            k = cache.keys(sm, l, columns);
            v = cache.values(sm, l, columns);
        }
        // Grouped-query attention without copying keys: the `group` query heads sharing key/value head g are
        // stacked along the time axis, so one batched matmul per key/value head covers them (head h uses g = h /
        // group, as Hugging Face's repeat_kv does).
        NDArray qg = q.transpose(0, 2, 1, 3).reshape(rows, kvHeads, group * length, hd);
        NDArray probs = qg.matMul(k.transpose(0, 1, 3, 2)).reshape(rows, heads, length, columns).add(mask)
                .softmax(3).reshape(rows, kvHeads, group * length, columns);
        NDArray attended = probs.matMul(v).reshape(rows, heads, length, hd).transpose(0, 2, 1, 3)
                .reshape(rows, length, heads * hd);
        x = x.add(linear(attended, l, O));
        return x.add(mlp(sm, rmsNorm(x, ly.postNorm()), l));
    }

    /** Multiples of this make the engine's matrix multiplication fast (measured on this project's machine: 682 output columns ran at about 60 % of the speed of 688). */
    private static final int ALIGN = 16;

    /**
     * SwiGLU: down(silu(gate(h)) * up(h)). While recording gradients and when the intermediate size is not a
     * multiple of {@value #ALIGN} (the anchor's 682), the weights are padded with zeros for this step to the next
     * multiple: the padded units compute silu(0) * 0 = 0, so results are unchanged, and every matrix
     * multiplication of the forward and backward pass gets an aligned size. Padding copies the MLP weights once
     * per step, which is worth it for a training step but not for a one-token generation step.
     */
    private NDArray mlp(NDManager sm, NDArray h, int l) {
        int f = config.intermediateSize();
        int pad = (ALIGN - f % ALIGN) % ALIGN;
        if (pad == 0 || !JniUtils.isGradMode()) {
            NDArray gate = linear(h, l, GATE);
            NDArray act = gate.mul(Activation.sigmoid(gate)).mul(linear(h, l, UP));
            return linear(act, l, DOWN);
        }
        NDArray gate = paddedOutput(sm, h, l, GATE, pad);
        NDArray act = gate.mul(Activation.sigmoid(gate)).mul(paddedOutput(sm, h, l, UP, pad));
        Layer ly = layers[l];
        NDArray down = ly.linear()[DOWN];
        NDArray y = Linear.linear(act, padded(sm, down, sm.zeros(new Shape(down.getShape().get(0), pad), dtype), 1),
                null).singletonOrThrow();
        if (adapterPath() && lora.a(l, DOWN) != null) {
            NDArray a = lora.a(l, DOWN);
            NDArray in = training && lora.config().dropout() > 0
                    ? Dropout.dropout(act, (float) lora.config().dropout(), true).singletonOrThrow() : act;
            NDArray low = Linear.linear(in, padded(sm, a, sm.zeros(new Shape(a.getShape().get(0), pad), dtype), 1),
                    null).singletonOrThrow().mul((float) lora.config().scaling());
            y = y.add(Linear.linear(low, lora.b(l, DOWN), null).singletonOrThrow());
        }
        return y;
    }

    /** A module's output with {@code pad} extra zero columns (weight rows, and the adapter's B rows, padded). */
    private NDArray paddedOutput(NDManager sm, NDArray x, int l, int module, int pad) {
        NDArray w = layers[l].linear()[module];
        NDArray y = Linear.linear(x, padded(sm, w, sm.zeros(new Shape(pad, w.getShape().get(1)), dtype), 0), null)
                .singletonOrThrow();
        if (adapterPath() && lora.a(l, module) != null) {
            NDArray b = lora.b(l, module);
            NDArray in = training && lora.config().dropout() > 0
                    ? Dropout.dropout(x, (float) lora.config().dropout(), true).singletonOrThrow() : x;
            NDArray low = Linear.linear(in, lora.a(l, module), null).singletonOrThrow()
                    .mul((float) lora.config().scaling());
            y = y.add(Linear.linear(low, padded(sm, b, sm.zeros(new Shape(pad, b.getShape().get(1)), dtype), 0),
                    null).singletonOrThrow());
        }
        return y;
    }

    /** {@code weight} with {@code zeros} appended along an axis, owned by {@code sm}; gradients flow to weight. */
    private static NDArray padded(NDManager sm, NDArray weight, NDArray zeros, int axis) {
        NDArray out = weight.concat(zeros, axis);
        out.attach(sm);
        return out;
    }

    /** Number of base parameters. */
    public long parameterCount() {
        return parameters.values().stream().mapToLong(NDArray::size).sum();
    }

    /** Frees the parameters (and any adapter created on this model). */
    @Override
    public void close() {
        manager.close();
    }

    /** Names of the parameters, in Hugging Face order. */
    public List<String> parameterNames() {
        return new ArrayList<>(parameters.keySet());
    }
}
