package dev.emodistill.lm;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Hugging Face parameter names and shapes of a Llama / Qwen2 decoder ({@code LlamaForCausalLM} state dict), so
 * checkpoints load without renaming or permuting. Linear weights are [out, in] as in PyTorch.
 */
public final class HfNames {
    public static final String EMBED = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";
    public static final String HEAD = "lm_head.weight";

    /** The seven linear modules of a block, in PEFT's spelling. */
    public static final List<String> MODULES = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj",
            "up_proj", "down_proj");

    private HfNames() {
    }

    /** {@code model.layers.<i>.self_attn.q_proj} or {@code model.layers.<i>.mlp.gate_proj} (no suffix). */
    public static String module(int layer, String module) {
        String group = switch (module) {
            case "q_proj", "k_proj", "v_proj", "o_proj" -> "self_attn";
            case "gate_proj", "up_proj", "down_proj" -> "mlp";
            default -> throw new IllegalArgumentException("unknown module " + module + " (one of " + MODULES + ")");
        };
        return "model.layers." + layer + "." + group + "." + module;
    }

    public static String weight(int layer, String module) {
        return module(layer, module) + ".weight";
    }

    public static String bias(int layer, String module) {
        return module(layer, module) + ".bias";
    }

    public static String inputNorm(int layer) {
        return "model.layers." + layer + ".input_layernorm.weight";
    }

    public static String postNorm(int layer) {
        return "model.layers." + layer + ".post_attention_layernorm.weight";
    }

    /** [out, in] of a linear module. */
    public static long[] linearShape(LlamaConfig c, String module) {
        long d = c.hiddenSize();
        long kv = (long) c.kvHeads() * c.headSize();
        return switch (module) {
            case "q_proj", "o_proj" -> new long[]{d, d};
            case "k_proj", "v_proj" -> new long[]{kv, d};
            case "gate_proj", "up_proj" -> new long[]{c.intermediateSize(), d};
            case "down_proj" -> new long[]{d, c.intermediateSize()};
            default -> throw new IllegalArgumentException("unknown module " + module);
        };
    }

    /** Every parameter of the model with its shape, in the order Hugging Face writes them. */
    public static Map<String, long[]> shapes(LlamaConfig c) {
        Map<String, long[]> out = new LinkedHashMap<>();
        long d = c.hiddenSize();
        out.put(EMBED, new long[]{c.vocabSize(), d});
        for (int i = 0; i < c.layers(); i++) {
            out.put(inputNorm(i), new long[]{d});
            for (String m : List.of("q_proj", "k_proj", "v_proj")) {
                out.put(weight(i, m), linearShape(c, m));
                if (c.attentionBias()) {
                    out.put(bias(i, m), new long[]{linearShape(c, m)[0]});
                }
            }
            out.put(weight(i, "o_proj"), linearShape(c, "o_proj"));
            out.put(postNorm(i), new long[]{d});
            for (String m : List.of("gate_proj", "up_proj", "down_proj")) {
                out.put(weight(i, m), linearShape(c, m));
            }
        }
        out.put(FINAL_NORM, new long[]{d});
        if (!c.tieEmbeddings()) {
            out.put(HEAD, new long[]{c.vocabSize(), d});
        }
        return out;
    }
}
