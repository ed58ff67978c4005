package dev.emodistill.lm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LlamaConfigTest {
    @TempDir
    Path dir;

    @Test
    void huggingFaceConfigRoundTrips() {
        LlamaConfig llama = LlamaConfig.pocket(2048).withSpecialTokens(1, List.of(2, 3));
        assertEquals(llama, LlamaConfig.fromHuggingFace(llama.toHuggingFace(), "test"));
        LlamaConfig qwen = LmTests.tinyQwen().withSpecialTokens(-1, List.of(7));
        assertEquals(qwen, LlamaConfig.fromHuggingFace(qwen.toHuggingFace(), "test"));
        LlamaConfig scaled = new LlamaConfig("llama", 100, 64, 2, 4, 1, 128, 256, 500_000, 1e-5, true, false, 0,
                List.of(1), new LlamaConfig.RopeScaling(32, 1, 4, 8192));
        assertEquals(scaled, LlamaConfig.fromHuggingFace(scaled.toHuggingFace(), "test"));
    }

    @Test
    void aPublishedStyleQwen2ConfigReads() throws Exception {
        String json = """
                {"architectures": ["Qwen2ForCausalLM"], "attention_dropout": 0.0, "bos_token_id": 151643,
                 "eos_token_id": 151645, "hidden_act": "silu", "hidden_size": 896, "initializer_range": 0.02,
                 "intermediate_size": 4864, "max_position_embeddings": 32768, "max_window_layers": 21,
                 "model_type": "qwen2", "num_attention_heads": 14, "num_hidden_layers": 24, "num_key_value_heads": 2,
                 "rms_norm_eps": 1e-06, "rope_theta": 1000000.0, "sliding_window": 32768,
                 "tie_word_embeddings": true, "torch_dtype": "bfloat16", "use_cache": true,
                 "use_sliding_window": false, "vocab_size": 151936}""";
        Path file = dir.resolve("config.json");
        Files.writeString(file, json);
        LlamaConfig c = LlamaConfig.read(file);
        assertEquals("qwen2", c.architecture());
        assertEquals(64, c.headSize());
        assertEquals(7, c.groupSize());
        assertTrue(c.attentionBias() && c.tieEmbeddings());
        assertEquals(List.of(151645), c.eosTokenIds());
        assertNull(c.ropeScaling());
        assertEquals(494_032_768L, c.parameterCount(), "Qwen2-0.5B's published size");
    }

    @Test
    void llama3RopeScalingSlowsOnlyLongWavelengths() {
        LlamaConfig plain = new LlamaConfig("llama", 10, 128, 1, 2, 1, 8, 16, 500_000, 1e-5, false, false, -1,
                List.of(), null);
        LlamaConfig scaled = new LlamaConfig("llama", 10, 128, 1, 2, 1, 8, 16, 500_000, 1e-5, false, false, -1,
                List.of(), new LlamaConfig.RopeScaling(8, 1, 4, 8192));
        double[] a = plain.inverseFrequencies();
        double[] b = scaled.inverseFrequencies();
        assertEquals(a[0], b[0], 0, "short wavelengths kept");
        assertEquals(a[a.length - 1] / 8, b[b.length - 1], 1e-15, "long wavelengths divided by the factor");
        for (int i = 0; i < a.length; i++) {
            assertTrue(b[i] <= a[i] && b[i] >= a[i] / 8);
        }
    }

    @Test
    void invalidShapesAndUnsupportedFeaturesAreClearErrors() throws Exception {
        IllegalArgumentException heads = assertThrows(IllegalArgumentException.class, () -> new LlamaConfig("llama",
                10, 30, 1, 4, 4, 8, 16, 1e4, 1e-6, false, false, -1, List.of(), null));
        assertTrue(heads.getMessage().contains("not a multiple of num_attention_heads"), heads.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LlamaConfig("llama", 10, 32, 1, 4, 3, 8, 16, 1e4,
                1e-6, false, false, -1, List.of(), null));
        assertThrows(IllegalArgumentException.class, () -> new LlamaConfig("llama", 10, 32, 1, 4, 4, 8, 16, 1e4,
                1e-6, false, false, -1, List.of(10), null));

        ObjectNode o = LlamaConfig.pocket(100).toHuggingFace();
        o.put("model_type", "mistral");
        o.putArray("architectures").add("MistralForCausalLM");
        InputException type = assertThrows(InputException.class, () -> LlamaConfig.fromHuggingFace(o, "x.json"));
        assertTrue(type.getMessage().contains("x.json") && type.getMessage().contains("model_type"));
        ObjectNode biased = LlamaConfig.pocket(100).toHuggingFace().put("attention_bias", true);
        InputException bias = assertThrows(InputException.class, () -> LlamaConfig.fromHuggingFace(biased, "x.json"));
        assertTrue(bias.getMessage().contains("attention_bias"), bias.getMessage());
        ObjectNode act = LlamaConfig.pocket(100).toHuggingFace().put("hidden_act", "gelu");
        assertThrows(InputException.class, () -> LlamaConfig.fromHuggingFace(act, "x.json"));
        ObjectNode missing = LlamaConfig.pocket(100).toHuggingFace();
        missing.remove("hidden_size");
        InputException field = assertThrows(InputException.class, () -> LlamaConfig.fromHuggingFace(missing, "x.json"));
        assertTrue(field.getMessage().contains("hidden_size"), field.getMessage());
        ObjectNode window = LmTests.tinyQwen().toHuggingFace().put("use_sliding_window", true);
        assertThrows(InputException.class, () -> LlamaConfig.fromHuggingFace(window, "x.json"));
        ObjectNode yarn = LlamaConfig.pocket(100).toHuggingFace();
        yarn.putObject("rope_scaling").put("rope_type", "yarn").put("factor", 4);
        InputException rope = assertThrows(InputException.class, () -> LlamaConfig.fromHuggingFace(yarn, "x.json"));
        assertTrue(rope.getMessage().contains("yarn"));
        Path bad = dir.resolve("config.json");
        Files.writeString(bad, "{not json");
        assertThrows(InputException.class, () -> LlamaConfig.read(bad));
        assertThrows(InputException.class, () -> LlamaConfig.read(dir.resolve("absent.json")));
    }
}
