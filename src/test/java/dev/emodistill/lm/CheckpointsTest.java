package dev.emodistill.lm;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Safetensors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckpointsTest {
    private static final List<int[]> ROWS = List.of(new int[]{1, 5, 9, 13, 2, 7}, new int[]{30, 3, 3, 8, 0, 39});

    @TempDir
    Path dir;
    private NDManager manager;

    @BeforeEach
    void open() {
        manager = LmTests.ENGINE.newSubManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private LlamaModel model(LlamaConfig config, long seed) {
        LlamaModel m = LlamaModel.create(config, seed, manager);
        LmTests.sharpen(m, 20);
        LmTests.randomBiases(m, seed);
        return m;
    }

    /** A minimal Hugging Face tokenizer.json whose ids go up to {@code maxId}. */
    private Path tokenizer(String name, int maxId) throws Exception {
        ObjectNode t = Json.object();
        t.put("version", "1.0");
        ObjectNode vocab = t.putObject("model").put("type", "BPE").putObject("vocab");
        for (int i = 0; i < maxId; i++) {
            vocab.put("t" + i, i);
        }
        t.putArray("added_tokens").addObject().put("id", maxId).put("content", "<|end|>").put("special", true);
        Path p = dir.resolve(name);
        Files.writeString(p, Json.pretty(t));
        return p;
    }

    private static CheckpointInfo info() {
        return new CheckpointInfo("test save", 77, Map.of("loss", List.of(3.5, 2.25)), null);
    }

    @Test
    void aSavedModelLoadsWithIdenticalLogitsAndRecordsItsProvenance() throws Exception {
        LlamaModel model = model(LmTests.tiny().withSpecialTokens(0, List.of(39)), 1);
        Path out = dir.resolve("model");
        model.save(out, info(), tokenizer("tok.json", 39));
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "emodistill.json")) {
            assertTrue(Files.exists(out.resolve(f)), f);
        }
        JsonNode infoJson = Json.MAPPER.readTree(out.resolve("emodistill.json").toFile());
        assertEquals("lm", infoJson.path("kind").asText());
        assertEquals(1, infoJson.path("format_version").asInt());
        assertEquals(77, infoJson.path("seed").asLong());
        assertEquals("test save", infoJson.path("created_by").path("command").asText());
        assertEquals(2.25, infoJson.path("curves").path("loss").path(1).asDouble());
        assertEquals(64, infoJson.path("tokenizer_sha256").asText().length());
        JsonNode config = Json.MAPPER.readTree(out.resolve("config.json").toFile());
        assertEquals("LlamaForCausalLM", config.path("architectures").path(0).asText());
        assertEquals(39, config.path("eos_token_id").asInt());

        LlamaModel loaded = LlamaModel.load(out, manager);
        assertEquals(model.config(), loaded.config());
        assertArrayEquals(LmTests.flatLogits(model, ROWS), LmTests.flatLogits(loaded, ROWS), "bit-identical logits");
        Safetensors.Tensor q = Safetensors.read(out.resolve("model.safetensors"), null)
                .get("model.layers.1.self_attn.q_proj.weight");
        assertArrayEquals(new long[]{16, 16}, q.shape());
    }

    @Test
    void aChangedOrOversizedTokenizerIsRefused() throws Exception {
        LlamaModel model = model(LmTests.tiny(), 2);
        Path out = dir.resolve("model");
        model.save(out, info(), tokenizer("tok.json", 39));
        Files.writeString(out.resolve("tokenizer.json"), Files.readString(out.resolve("tokenizer.json")) + " ");
        InputException changed = assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
        assertTrue(changed.getMessage().contains("tokenizer.json") && changed.getMessage().contains("does not match"),
                changed.getMessage());

        Files.delete(out.resolve("emodistill.json"));
        Files.copy(tokenizer("big.json", 45), out.resolve("tokenizer.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        InputException big = assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
        assertTrue(big.getMessage().contains("45") && big.getMessage().contains("vocab_size is 40"), big.getMessage());
    }

    @Test
    void aNewerFormatOrAnotherKindIsRefused() throws Exception {
        LlamaModel model = model(LmTests.tiny(), 3);
        Path out = dir.resolve("model");
        model.save(out, info(), null);
        Path infoFile = out.resolve("emodistill.json");
        ObjectNode o = (ObjectNode) Json.MAPPER.readTree(infoFile.toFile());
        o.put("format_version", 2);
        Files.writeString(infoFile, Json.pretty(o));
        InputException newer = assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
        assertTrue(newer.getMessage().contains("format_version") && newer.getMessage().contains("newer"));
        o.put("format_version", 1);
        o.put("kind", "lora");
        Files.writeString(infoFile, Json.pretty(o));
        assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
    }

    @Test
    void aPlainQwen2FolderWithATiedHeadLoadsAndGenerates() throws Exception {
        LlamaModel model = model(LmTests.tinyQwen(), 4);
        Path out = dir.resolve("qwen");
        Files.createDirectories(out);
        Files.writeString(out.resolve("config.json"), Json.pretty(model.config().toHuggingFace()));
        Map<String, Safetensors.Tensor> tensors = new LinkedHashMap<>(model.tensors());
        // Some tied checkpoints also store the head; it must be accepted and ignored.
        tensors.put("lm_head.weight", tensors.get(HfNames.EMBED));
        Safetensors.write(out.resolve("model.safetensors"), tensors, Map.of("format", "pt"));

        LlamaModel loaded = LlamaModel.load(out, manager);
        assertEquals("qwen2", loaded.config().architecture());
        assertTrue(loaded.config().attentionBias() && loaded.config().tieEmbeddings());
        assertEquals(2, loaded.config().kvHeads());
        assertArrayEquals(LmTests.flatLogits(model, ROWS), LmTests.flatLogits(loaded, ROWS));
        List<Generation> g = new Generator(loaded).generate(ROWS, SamplingOptions.greedy(5), new long[]{1, 2});
        assertEquals(5, g.get(0).tokens().length);
        assertEquals(new Generator(model).generate(ROWS, SamplingOptions.greedy(5), new long[]{1, 2}).get(1).tokens()[4],
                g.get(1).tokens()[4]);

        // The same LoRA code trains the loaded checkpoint: the loss falls and the base stays as loaded.
        float[] before = LmTests.flatLogits(loaded, ROWS);
        loaded.addLora(LoraConfig.attention(2), 5);
        TrainStep trainer = TrainStep.of(loaded, CosineSchedule.constant(1e-2), 0, 1.0);
        TokenBatch batch = TokenBatch.full(ROWS);
        double first = trainer.step(batch).loss();
        double last = first;
        for (int i = 0; i < 30; i++) {
            last = trainer.step(batch).loss();
        }
        assertTrue(last < first * 0.9, "LoRA on the loaded Qwen2 learns: " + first + " -> " + last);
        loaded.attachLora(null);
        assertArrayEquals(before, LmTests.flatLogits(loaded, ROWS), "base weights untouched");
    }

    @Test
    void shardedWeightsLoadAndAMissingShardIsNamed() throws Exception {
        LlamaModel model = model(LmTests.tiny(), 5);
        Path out = dir.resolve("sharded");
        Files.createDirectories(out);
        Files.writeString(out.resolve("config.json"), Json.pretty(model.config().toHuggingFace()));
        Map<String, Safetensors.Tensor> first = new LinkedHashMap<>();
        Map<String, Safetensors.Tensor> second = new LinkedHashMap<>();
        ObjectNode index = Json.object();
        index.putObject("metadata").put("total_size", model.parameterCount() * 4);
        ObjectNode map = index.putObject("weight_map");
        model.tensors().forEach((name, t) -> {
            boolean one = name.startsWith("model.layers.0") || name.equals(HfNames.EMBED);
            (one ? first : second).put(name, t);
            map.put(name, one ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors");
        });
        Safetensors.write(out.resolve("model-00001-of-00002.safetensors"), first, null);
        Safetensors.write(out.resolve("model-00002-of-00002.safetensors"), second, null);
        Files.writeString(out.resolve("model.safetensors.index.json"), Json.pretty(index));
        assertArrayEquals(LmTests.flatLogits(model, ROWS), LmTests.flatLogits(LlamaModel.load(out, manager), ROWS));

        Files.delete(out.resolve("model-00002-of-00002.safetensors"));
        InputException e = assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
        assertTrue(e.getMessage().contains("model-00002-of-00002.safetensors"), e.getMessage());
    }

    @Test
    void halfPrecisionCheckpointsLoadAsTheirFloat32Values() throws Exception {
        for (String dtype : List.of("BF16", "F16")) {
            LlamaModel model = model(LmTests.tiny(), 6);
            // Round the weights to the half format first, so the float32 model is exactly what the file holds.
            Map<String, Safetensors.Tensor> rounded = new LinkedHashMap<>();
            model.tensors().forEach((name, t) -> {
                float[] v = t.data().clone();
                for (int i = 0; i < v.length; i++) {
                    v[i] = dtype.equals("BF16") ? Float.intBitsToFloat(Float.floatToIntBits(v[i]) & 0xffff0000)
                            : Safetensors.halfToFloat(floatToHalf(v[i]));
                }
                rounded.put(name, new Safetensors.Tensor(t.shape(), v));
                model.parameters().get(name).set(v);
            });
            Path out = dir.resolve(dtype);
            Files.createDirectories(out);
            Files.writeString(out.resolve("config.json"), Json.pretty(model.config().toHuggingFace()));
            Files.write(out.resolve("model.safetensors"), halfFile(rounded, dtype));
            LlamaModel loaded = LlamaModel.load(out, manager);
            assertArrayEquals(LmTests.flatLogits(model, ROWS), LmTests.flatLogits(loaded, ROWS), dtype);
        }
    }

    /** Round-to-nearest float32 to binary16 for the normal range the weights use. */
    private static short floatToHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        float abs = Math.abs(f);
        if (abs < 0x1p-14f) {
            return (short) (sign | Math.round(abs / 0x1p-24f));
        }
        int exponent = Math.getExponent(abs);
        int mantissa = Math.round((abs / (float) Math.pow(2, exponent) - 1) * 1024);
        if (mantissa == 1024) {
            mantissa = 0;
            exponent++;
        }
        return (short) (sign | ((exponent + 15) << 10) | mantissa);
    }

    /** A safetensors file with every tensor stored as BF16 or F16 (the writer under test only writes F32). */
    private static byte[] halfFile(Map<String, Safetensors.Tensor> tensors, String dtype) {
        ObjectNode header = Json.object();
        long offset = 0;
        for (Map.Entry<String, Safetensors.Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", dtype);
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + 2L * e.getValue().data().length);
            offset += 2L * e.getValue().data().length;
        }
        byte[] json = Json.line(header).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) {
            out.write((int) ((long) json.length >>> (8 * i)) & 0xff);
        }
        out.writeBytes(json);
        for (Safetensors.Tensor t : tensors.values()) {
            for (float v : t.data()) {
                int h = dtype.equals("BF16") ? Float.floatToIntBits(v) >>> 16 : floatToHalf(v) & 0xffff;
                out.write(h & 0xff);
                out.write((h >>> 8) & 0xff);
            }
        }
        return out.toByteArray();
    }

    @Test
    void missingMisshapenAndUnexpectedTensorsAreNamed() throws Exception {
        LlamaModel model = model(LmTests.tiny(), 7);
        Path out = dir.resolve("broken");
        model.save(out, info(), null);
        Path weights = out.resolve("model.safetensors");
        Map<String, Safetensors.Tensor> good = Safetensors.read(weights, null);

        Map<String, Safetensors.Tensor> missing = new LinkedHashMap<>(good);
        missing.remove("model.layers.1.mlp.up_proj.weight");
        Safetensors.write(weights, missing, null);
        InputException m = assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
        assertTrue(m.getMessage().contains("model.safetensors") && m.getMessage().contains("'model.layers.1.mlp.up_proj"
                + ".weight' is missing"), m.getMessage());

        Map<String, Safetensors.Tensor> misshapen = new LinkedHashMap<>(good);
        misshapen.put("model.layers.0.self_attn.k_proj.weight", new Safetensors.Tensor(new long[]{16, 8},
                new float[128]));
        Safetensors.write(weights, misshapen, null);
        InputException s = assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
        assertTrue(s.getMessage().contains("k_proj.weight") && s.getMessage().contains("[16, 8]")
                && s.getMessage().contains("[8, 16]"), s.getMessage());

        Map<String, Safetensors.Tensor> extra = new LinkedHashMap<>(good);
        extra.put("model.layers.2.input_layernorm.weight", new Safetensors.Tensor(new long[]{16}, new float[16]));
        Safetensors.write(weights, extra, null);
        InputException x = assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
        assertTrue(x.getMessage().contains("unexpected") && x.getMessage().contains("model.layers.2"), x.getMessage());

        Files.delete(weights);
        InputException none = assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
        assertTrue(none.getMessage().contains("model.safetensors"), none.getMessage());
        Files.delete(out.resolve("config.json"));
        InputException noConfig = assertThrows(InputException.class, () -> LlamaModel.load(out, manager));
        assertTrue(noConfig.getMessage().contains("config.json"), noConfig.getMessage());
        assertThrows(InputException.class, () -> LlamaModel.load(dir.resolve("nowhere"), manager));
    }

    @Test
    void aPeftAdapterRoundTripsWithPeftNamesAndIdenticalLogits() throws Exception {
        LlamaModel model = model(LmTests.tinyQwen(), 8);
        Lora lora = model.addLora(new LoraConfig(4, 8, 0.05, List.of("q_proj", "v_proj", "gate_proj")), 9);
        lora.parameters().values().forEach(p -> p.addi(0.25f));
        float[] expected = LmTests.flatLogits(model, ROWS);
        Path out = dir.resolve("adapter");
        lora.savePeft(out, "emodistill/pocket-base", info());

        JsonNode cfg = Json.MAPPER.readTree(out.resolve("adapter_config.json").toFile());
        assertEquals("LORA", cfg.path("peft_type").asText());
        assertEquals("CAUSAL_LM", cfg.path("task_type").asText());
        assertEquals(4, cfg.path("r").asInt());
        assertEquals(8.0, cfg.path("lora_alpha").asDouble());
        assertEquals(0.05, cfg.path("lora_dropout").asDouble());
        assertEquals("none", cfg.path("bias").asText());
        assertFalse(cfg.path("fan_in_fan_out").asBoolean(true));
        assertEquals("emodistill/pocket-base", cfg.path("base_model_name_or_path").asText());
        assertEquals("[\"q_proj\",\"v_proj\",\"gate_proj\"]", Json.line(cfg.path("target_modules")));
        Map<String, Safetensors.Tensor> tensors = Safetensors.read(out.resolve("adapter_model.safetensors"), null);
        assertEquals(12, tensors.size(), "2 layers x 3 modules x A, B");
        assertArrayEquals(new long[]{4, 16},
                tensors.get("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight").shape());
        assertArrayEquals(new long[]{8, 4},
                tensors.get("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight").shape());
        assertArrayEquals(new long[]{24, 4},
                tensors.get("base_model.model.model.layers.1.mlp.gate_proj.lora_B.weight").shape());

        LlamaModel fresh = model(LmTests.tinyQwen(), 8);
        Lora loaded = Lora.loadPeft(out, fresh);
        assertEquals(lora.config(), loaded.config());
        fresh.attachLora(loaded);
        assertArrayEquals(expected, LmTests.flatLogits(fresh, ROWS), "bit-identical logits");
        Files.delete(out.resolve("emodistill.json"));
        assertArrayEquals(expected, LmTests.flatLogits(attach(fresh, Lora.loadPeft(out, fresh)), ROWS),
                "a plain PEFT folder loads too");
    }

    private static LlamaModel attach(LlamaModel model, Lora lora) {
        model.attachLora(lora);
        return model;
    }

    @Test
    void anAdapterForAnotherBaseOrWithUnsupportedOptionsIsRefused() throws Exception {
        LlamaModel model = model(LmTests.tiny(), 10);
        Lora lora = model.addLora(LoraConfig.attention(2), 11);
        Path out = dir.resolve("adapter");
        lora.savePeft(out, "base", info());

        LlamaConfig t = LmTests.tiny();
        LlamaModel deeper = LlamaModel.create(new LlamaConfig("llama", 40, 16, 3, 4, 2, 24, 64, 1e4, 1e-6, false,
                false, -1, List.of(), null), 1, manager);
        InputException missing = assertThrows(InputException.class, () -> Lora.loadPeft(out, deeper));
        assertTrue(missing.getMessage().contains("adapter_model.safetensors")
                && missing.getMessage().contains("layers.2.self_attn.q_proj.lora_A"), missing.getMessage());
        LlamaModel shallower = LlamaModel.create(new LlamaConfig("llama", 40, 16, 1, 4, 2, 24, 64, 1e4, 1e-6, false,
                false, -1, List.of(), null), 1, manager);
        InputException extra = assertThrows(InputException.class, () -> Lora.loadPeft(out, shallower));
        assertTrue(extra.getMessage().contains("unexpected") && extra.getMessage().contains("1 layers"),
                extra.getMessage());
        LlamaModel wider = LlamaModel.create(new LlamaConfig("llama", 40, 32, 2, 4, 2, 24, 64, 1e4, 1e-6, false,
                false, -1, List.of(), null), 1, manager);
        InputException shape = assertThrows(InputException.class, () -> Lora.loadPeft(out, wider));
        assertTrue(shape.getMessage().contains("lora_A.weight") && shape.getMessage().contains("[2, 16]"),
                shape.getMessage());
        assertEquals(2, t.layers());

        Path cfgFile = out.resolve("adapter_config.json");
        String original = Files.readString(cfgFile);
        Files.writeString(cfgFile, original.replace("\"use_dora\" : false", "\"use_dora\" : true"));
        InputException dora = assertThrows(InputException.class, () -> Lora.loadPeft(out, model));
        assertTrue(dora.getMessage().contains("use_dora"), dora.getMessage());
        ObjectNode regex = (ObjectNode) Json.MAPPER.readTree(original);
        regex.put("target_modules", ".*proj");
        Files.writeString(cfgFile, Json.pretty(regex));
        assertThrows(InputException.class, () -> Lora.loadPeft(out, model));
        Files.delete(cfgFile);
        InputException gone = assertThrows(InputException.class, () -> Lora.loadPeft(out, model));
        assertTrue(gone.getMessage().contains("adapter_config.json"), gone.getMessage());
    }
}
