package dev.emodistill.lm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The shape of a Llama-style decoder, with the fields of a Hugging Face {@code config.json} for
 * {@code LlamaForCausalLM} and {@code Qwen2ForCausalLM}: the two differ only in Qwen2's q/k/v biases, so one model
 * class serves both.
 *
 * @param architecture     "llama" or "qwen2" (the {@code model_type})
 * @param vocabSize        token embeddings and output logits
 * @param hiddenSize       model width D
 * @param layers           decoder blocks
 * @param heads            query heads; head size is D / heads
 * @param kvHeads          key/value heads (grouped-query attention when fewer than {@code heads})
 * @param intermediateSize SwiGLU hidden width
 * @param maxContext       longest sequence (prompt plus generated tokens)
 * @param ropeTheta        rotary base
 * @param rmsNormEps       epsilon inside RMSNorm
 * @param tieEmbeddings    the output head reuses the token embedding
 * @param attentionBias    q/k/v projections have biases: true exactly for qwen2
 * @param bosTokenId       beginning-of-sequence id, -1 if none
 * @param eosTokenIds      end-of-sequence ids (Llama 3 instruct lists several), possibly empty
 * @param ropeScaling      Llama 3.1-style frequency scaling, or null for none
 */
public record LlamaConfig(String architecture, int vocabSize, int hiddenSize, int layers, int heads, int kvHeads,
                          int intermediateSize, int maxContext, double ropeTheta, double rmsNormEps,
                          boolean tieEmbeddings, boolean attentionBias, int bosTokenId, List<Integer> eosTokenIds,
                          RopeScaling ropeScaling) {

    public static final String LLAMA = "llama";
    public static final String QWEN2 = "qwen2";

    /**
     * The "llama3" rope scaling of Llama 3.1 and later: long wavelengths are slowed by {@code factor}, short ones
     * kept, those between interpolated, so real checkpoints of that family load with their own positions.
     */
    public record RopeScaling(double factor, double lowFreqFactor, double highFreqFactor,
                              int originalMaxPositions) {
    }

    public LlamaConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        List<String> problems = new ArrayList<>();
        if (!LLAMA.equals(architecture) && !QWEN2.equals(architecture)) {
            problems.add("architecture '" + architecture + "' is not supported (llama or qwen2)");
        }
        positive(problems, "vocab_size", vocabSize);
        positive(problems, "hidden_size", hiddenSize);
        positive(problems, "num_hidden_layers", layers);
        positive(problems, "num_attention_heads", heads);
        positive(problems, "num_key_value_heads", kvHeads);
        positive(problems, "intermediate_size", intermediateSize);
        positive(problems, "max_position_embeddings", maxContext);
        if (heads > 0 && hiddenSize % heads != 0) {
            problems.add("hidden_size " + hiddenSize + " is not a multiple of num_attention_heads " + heads);
        } else if (heads > 0 && (hiddenSize / heads) % 2 != 0) {
            problems.add("head size " + hiddenSize / heads + " must be even for rotary positions");
        }
        if (kvHeads > 0 && heads % kvHeads != 0) {
            problems.add("num_attention_heads " + heads + " is not a multiple of num_key_value_heads " + kvHeads);
        }
        if (!(ropeTheta > 0) || !(rmsNormEps > 0)) {
            problems.add("rope_theta and rms_norm_eps must be positive");
        }
        if (QWEN2.equals(architecture) && !attentionBias) {
            problems.add("qwen2 always has q/k/v biases");
        }
        if (LLAMA.equals(architecture) && attentionBias) {
            // Hugging Face's Llama puts a bias on o_proj as well when attention_bias is set; not implemented.
            problems.add("llama with attention_bias is not supported");
        }
        if (bosTokenId >= vocabSize) {
            problems.add("bos_token_id " + bosTokenId + " is outside the vocabulary of " + vocabSize);
        }
        for (int id : eosTokenIds) {
            if (id < 0 || id >= vocabSize) {
                problems.add("eos_token_id " + id + " is outside the vocabulary of " + vocabSize);
            }
        }
        if (ropeScaling != null && !(ropeScaling.factor() >= 1 && ropeScaling.lowFreqFactor() > 0
                && ropeScaling.highFreqFactor() > ropeScaling.lowFreqFactor()
                && ropeScaling.originalMaxPositions() > 0)) {
            problems.add("rope_scaling needs factor >= 1, 0 < low_freq_factor < high_freq_factor and "
                    + "original_max_position_embeddings > 0");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid model config: " + String.join("; ", problems));
        }
    }

    private static void positive(List<String> problems, String field, int value) {
        if (value <= 0) {
            problems.add(field + " must be positive, got " + value);
        }
    }

    /**
     * The anchor shape of the benchmark ({@code shared/tools/anchor_lm.py}): D 256, 4 layers, 4 heads, SwiGLU 682,
     * untied head, context 128, about 4.2M parameters with a 2,048-token vocabulary.
     */
    public static LlamaConfig pocket(int vocabSize) {
        return new LlamaConfig(LLAMA, vocabSize, 256, 4, 4, 4, 682, 128, 10_000, 1e-6, false, false, -1,
                List.of(), null);
    }

    /** A few thousand parameters with grouped-query attention (4 query heads, 2 key/value heads), for tests. */
    public static LlamaConfig tiny(int vocabSize) {
        return new LlamaConfig(LLAMA, vocabSize, 16, 2, 4, 2, 24, 64, 10_000, 1e-6, false, false, -1, List.of(), null);
    }

    public int headSize() {
        return hiddenSize / heads;
    }

    /** Query heads sharing one key/value head. */
    public int groupSize() {
        return heads / kvHeads;
    }

    public LlamaConfig withVocabSize(int vocab) {
        return new LlamaConfig(architecture, vocab, hiddenSize, layers, heads, kvHeads, intermediateSize, maxContext,
                ropeTheta, rmsNormEps, tieEmbeddings, attentionBias, bosTokenId, eosTokenIds, ropeScaling);
    }

    public LlamaConfig withSpecialTokens(int bos, List<Integer> eos) {
        return new LlamaConfig(architecture, vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize,
                maxContext, ropeTheta, rmsNormEps, tieEmbeddings, attentionBias, bos, eos, ropeScaling);
    }

    public LlamaConfig withMaxContext(int context) {
        return new LlamaConfig(architecture, vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize, context,
                ropeTheta, rmsNormEps, tieEmbeddings, attentionBias, bosTokenId, eosTokenIds, ropeScaling);
    }

    public LlamaConfig withTiedEmbeddings(boolean tied) {
        return new LlamaConfig(architecture, vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize,
                maxContext, ropeTheta, rmsNormEps, tied, attentionBias, bosTokenId, eosTokenIds, ropeScaling);
    }

    /** The same shape as a Qwen2 model (q/k/v biases on). */
    public LlamaConfig asQwen2() {
        return new LlamaConfig(QWEN2, vocabSize, hiddenSize, layers, heads, kvHeads, intermediateSize, maxContext,
                ropeTheta, rmsNormEps, tieEmbeddings, true, bosTokenId, eosTokenIds, ropeScaling);
    }

    /** Number of parameters (weights and biases). */
    public long parameterCount() {
        long d = hiddenSize;
        long kv = (long) kvHeads * headSize();
        long attention = d * d * 2 + d * kv * 2 + (attentionBias ? d + 2 * kv : 0);
        long mlp = 3 * d * intermediateSize;
        long perLayer = attention + mlp + 2 * d;
        return (long) vocabSize * d * (tieEmbeddings ? 1 : 2) + layers * perLayer + d;
    }

    /** Rotary inverse frequencies, one per pair of head dimensions, with the scaling applied. */
    public double[] inverseFrequencies() {
        int half = headSize() / 2;
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            inv[i] = 1.0 / Math.pow(ropeTheta, 2.0 * i / headSize());
        }
        if (ropeScaling != null) {
            RopeScaling s = ropeScaling;
            double lowWavelength = s.originalMaxPositions() / s.highFreqFactor();
            double highWavelength = s.originalMaxPositions() / s.lowFreqFactor();
            for (int i = 0; i < half; i++) {
                double wavelength = 2 * Math.PI / inv[i];
                if (wavelength > highWavelength) {
                    inv[i] /= s.factor();
                } else if (wavelength >= lowWavelength) {
                    double smooth = (s.originalMaxPositions() / wavelength - s.lowFreqFactor())
                            / (s.highFreqFactor() - s.lowFreqFactor());
                    inv[i] = (1 - smooth) * inv[i] / s.factor() + smooth * inv[i];
                }
            }
        }
        return inv;
    }

    /** The Hugging Face {@code config.json} for this shape (weights stored as float32). */
    public ObjectNode toHuggingFace() {
        ObjectNode o = Json.object();
        o.putArray("architectures").add(QWEN2.equals(architecture) ? "Qwen2ForCausalLM" : "LlamaForCausalLM");
        o.put("model_type", architecture);
        o.put("vocab_size", vocabSize);
        o.put("hidden_size", hiddenSize);
        o.put("num_hidden_layers", layers);
        o.put("num_attention_heads", heads);
        o.put("num_key_value_heads", kvHeads);
        o.put("head_dim", headSize());
        o.put("intermediate_size", intermediateSize);
        o.put("max_position_embeddings", maxContext);
        o.put("rope_theta", ropeTheta);
        o.put("rms_norm_eps", rmsNormEps);
        o.put("tie_word_embeddings", tieEmbeddings);
        if (LLAMA.equals(architecture)) {
            o.put("attention_bias", attentionBias);
            o.put("mlp_bias", false);
        } else {
            o.put("use_sliding_window", false);
        }
        o.put("hidden_act", "silu");
        o.put("initializer_range", 0.02);
        o.put("attention_dropout", 0.0);
        if (bosTokenId >= 0) {
            o.put("bos_token_id", bosTokenId);
        } else {
            o.putNull("bos_token_id");
        }
        if (eosTokenIds.isEmpty()) {
            o.putNull("eos_token_id");
        } else if (eosTokenIds.size() == 1) {
            o.put("eos_token_id", eosTokenIds.get(0));
        } else {
            ArrayNode eos = o.putArray("eos_token_id");
            eosTokenIds.forEach(eos::add);
        }
        if (ropeScaling == null) {
            o.putNull("rope_scaling");
        } else {
            ObjectNode s = o.putObject("rope_scaling");
            s.put("rope_type", "llama3");
            s.put("factor", ropeScaling.factor());
            s.put("low_freq_factor", ropeScaling.lowFreqFactor());
            s.put("high_freq_factor", ropeScaling.highFreqFactor());
            s.put("original_max_position_embeddings", ropeScaling.originalMaxPositions());
        }
        o.put("torch_dtype", "float32");
        return o;
    }

    /** Reads a Hugging Face {@code config.json}; errors name the file and the field. */
    public static LlamaConfig read(Path file) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": not readable JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": not a JSON object");
        }
        return fromHuggingFace(root, file.toString());
    }

    /** Parses a Hugging Face config object; {@code source} names it in errors. */
    public static LlamaConfig fromHuggingFace(JsonNode o, String source) {
        String type = o.path("model_type").asText("");
        String arch = o.path("architectures").path(0).asText("");
        String architecture;
        if (type.equals(LLAMA) || arch.equals("LlamaForCausalLM")) {
            architecture = LLAMA;
        } else if (type.equals(QWEN2) || arch.equals("Qwen2ForCausalLM")) {
            architecture = QWEN2;
        } else {
            throw new InputException(source + ", field 'model_type': '" + type + "' (architectures " + arch
                    + ") is not supported; expected llama (LlamaForCausalLM) or qwen2 (Qwen2ForCausalLM)");
        }
        String act = o.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new InputException(source + ", field 'hidden_act': '" + act + "' is not supported (silu only)");
        }
        if (o.path("mlp_bias").asBoolean(false)) {
            throw new InputException(source + ", field 'mlp_bias': MLP biases are not supported");
        }
        if (o.path("use_sliding_window").asBoolean(false)) {
            throw new InputException(source + ", field 'use_sliding_window': sliding-window attention is not "
                    + "supported");
        }
        int hidden = required(o, "hidden_size", source);
        int heads = required(o, "num_attention_heads", source);
        int kvHeads = o.path("num_key_value_heads").isNumber() ? o.get("num_key_value_heads").asInt() : heads;
        if (o.path("head_dim").isNumber() && heads > 0 && o.get("head_dim").asInt() * heads != hidden) {
            throw new InputException(source + ", field 'head_dim': " + o.get("head_dim").asInt()
                    + " x num_attention_heads " + heads + " differs from hidden_size " + hidden
                    + " (not supported)");
        }
        boolean bias = architecture.equals(QWEN2) || o.path("attention_bias").asBoolean(false);
        List<Integer> eos = new ArrayList<>();
        JsonNode eosNode = o.path("eos_token_id");
        if (eosNode.isArray()) {
            eosNode.forEach(n -> eos.add(n.asInt()));
        } else if (eosNode.isNumber()) {
            eos.add(eosNode.asInt());
        }
        try {
            return new LlamaConfig(architecture, required(o, "vocab_size", source), hidden,
                    required(o, "num_hidden_layers", source), heads, kvHeads,
                    required(o, "intermediate_size", source),
                    o.path("max_position_embeddings").asInt(2048), o.path("rope_theta").asDouble(10_000),
                    o.path("rms_norm_eps").asDouble(1e-6), o.path("tie_word_embeddings").asBoolean(false), bias,
                    o.path("bos_token_id").isNumber() ? o.get("bos_token_id").asInt() : -1, eos,
                    ropeScaling(o.path("rope_scaling"), source));
        } catch (IllegalArgumentException e) {
            throw new InputException(source + ": " + e.getMessage());
        }
    }

    private static RopeScaling ropeScaling(JsonNode s, String source) {
        if (s.isMissingNode() || s.isNull()) {
            return null;
        }
        String type = s.path("rope_type").asText(s.path("type").asText(""));
        if (type.equals("default")) {
            return null;
        }
        if (!type.equals("llama3")) {
            throw new InputException(source + ", field 'rope_scaling': rope_type '" + type
                    + "' is not supported (llama3 only)");
        }
        return new RopeScaling(s.path("factor").asDouble(1), s.path("low_freq_factor").asDouble(1),
                s.path("high_freq_factor").asDouble(4), s.path("original_max_position_embeddings").asInt(8192));
    }

    private static int required(JsonNode o, String field, String source) {
        JsonNode n = o.path(field);
        if (!n.canConvertToInt() || !n.isIntegralNumber()) {
            throw new InputException(source + ", field '" + field + "': missing or not an integer");
        }
        return n.asInt();
    }

    /** One line for logs and benchmark output. */
    public String summary() {
        return String.format(Locale.ROOT, "%s d=%d layers=%d heads=%d kv_heads=%d ffn=%d vocab=%d ctx=%d %s "
                        + "params=%.2fM", architecture, hiddenSize, layers, heads, kvHeads, intermediateSize, vocabSize,
                maxContext, tieEmbeddings ? "tied" : "untied", parameterCount() / 1e6);
    }
}
