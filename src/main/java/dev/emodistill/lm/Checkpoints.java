package dev.emodistill.lm;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.io.Safetensors;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Model and adapter folders on disk.
 *
 * <p><b>Model folder</b> = the Hugging Face Llama layout ({@code config.json}, {@code model.safetensors} in
 * float32, {@code tokenizer.json} when given) plus {@code emodistill.json}: kind "lm", format version
 * {@value #FORMAT_VERSION}, who made it (tool, code version, command), seed, config, training curves, the
 * tokenizer's SHA-256. Loading also accepts a plain Hugging Face folder (no {@code emodistill.json}), llama or
 * qwen2, with weights in one file or in shards listed by {@code model.safetensors.index.json}, in F32, F16 or BF16.
 *
 * <p><b>Adapter folder</b> = PEFT's layout: {@code adapter_config.json} (peft_type LORA, task_type CAUSAL_LM, r,
 * lora_alpha, lora_dropout, target_modules, bias "none", base_model_name_or_path, fan_in_fan_out false) and
 * {@code adapter_model.safetensors} with PEFT's keys, plus our {@code emodistill.json} (kind "lora").
 *
 * <p>{@code emodistill.json} is written last, so a folder with it is complete. Every error names the file and,
 * for tensors, the tensor.
 */
public final class Checkpoints {
    public static final int FORMAT_VERSION = 1;
    public static final String INFO = "emodistill.json";
    public static final String CONFIG = "config.json";
    public static final String WEIGHTS = "model.safetensors";
    public static final String WEIGHTS_INDEX = "model.safetensors.index.json";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String ADAPTER_CONFIG = "adapter_config.json";
    public static final String ADAPTER_WEIGHTS = "adapter_model.safetensors";
    public static final String KIND_MODEL = "lm";
    public static final String KIND_ADAPTER = "lora";

    private Checkpoints() {
    }

    // -------------------------------------------------------------------------------------------- models

    /** Writes a model folder (see the class comment); {@code tokenizerJson} may be null. */
    public static void saveModel(LlamaModel model, Path dir, CheckpointInfo info, Path tokenizerJson) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        String tokenizerSha = null;
        if (tokenizerJson != null) {
            byte[] bytes = readBytes(tokenizerJson);
            tokenizerSha = Provenance.sha256(bytes);
            Path target = dir.resolve(TOKENIZER);
            if (!Files.exists(target) || !tokenizerSha.equals(Provenance.sha256(target))) {
                AtomicFiles.writeBytes(target, bytes);
            }
        }
        AtomicFiles.writeString(dir.resolve(CONFIG), Json.pretty(model.config().toHuggingFace()) + "\n");
        Safetensors.write(dir.resolve(WEIGHTS), model.tensors(), Map.of("format", "pt"));
        ObjectNode o = header(KIND_MODEL, info);
        o.set("config", model.config().toHuggingFace());
        o.put("parameters", model.parameterCount());
        o.put("lora_merged", model.loraMerged());
        o.put("weights_sha256", Provenance.sha256(dir.resolve(WEIGHTS)));
        if (tokenizerSha != null) {
            o.put("tokenizer_sha256", tokenizerSha);
        } else {
            o.putNull("tokenizer_sha256");
        }
        AtomicFiles.writeString(dir.resolve(INFO), Json.pretty(o) + "\n");
    }

    private static ObjectNode header(String kind, CheckpointInfo info) {
        ObjectNode o = Json.object();
        o.put("kind", kind);
        o.put("format_version", FORMAT_VERSION);
        o.set("created_by", Provenance.createdBy(info.command()));
        o.put("seed", info.seed());
        ObjectNode curves = o.putObject("curves");
        info.curves().forEach((name, values) -> {
            ArrayNode a = curves.putArray(name);
            values.forEach(a::add);
        });
        if (info.details() != null) {
            o.set("details", info.details());
        }
        return o;
    }

    /**
     * Loads a model folder: ours or a plain Hugging Face one (llama / qwen2; one weights file or shards). Checks
     * every tensor's presence and shape, refuses unknown tensors, a newer format version, and a tokenizer that
     * is not the one recorded at saving or that has ids beyond the model's vocabulary.
     */
    public static LlamaModel loadModel(Path dir, NDManager manager) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": no such model folder");
        }
        JsonNode info = readInfo(dir, KIND_MODEL);
        LlamaConfig config = LlamaConfig.read(dir.resolve(CONFIG));
        checkTokenizer(dir, info, config);
        List<Path> files = weightFiles(dir);
        try (TensorSource source = new TensorSource(files)) {
            if (config.tieEmbeddings()) {
                source.ignore(HfNames.HEAD);
            }
            return LlamaModel.fromTensors(config, source, manager);
        }
    }

    /** The parsed {@code emodistill.json} of a folder, or null when it has none (a plain Hugging Face folder). */
    public static JsonNode readInfo(Path dir, String expectedKind) {
        Path file = dir.resolve(INFO);
        if (!Files.exists(file)) {
            return null;
        }
        JsonNode o = readJson(file);
        String kind = o.path("kind").asText("");
        if (!kind.equals(expectedKind)) {
            throw new InputException(file + ", field 'kind': '" + kind + "', expected '" + expectedKind + "'");
        }
        JsonNode version = o.path("format_version");
        if (!version.isIntegralNumber() || version.asInt() < 1) {
            throw new InputException(file + ", field 'format_version': missing or not a positive integer");
        }
        if (version.asInt() > FORMAT_VERSION) {
            throw new InputException(file + ", field 'format_version': " + version.asInt() + " is newer than this "
                    + "version of emodistill reads (" + FORMAT_VERSION + ")");
        }
        return o;
    }

    private static void checkTokenizer(Path dir, JsonNode info, LlamaConfig config) {
        Path tokenizer = dir.resolve(TOKENIZER);
        String recorded = info == null ? null : info.path("tokenizer_sha256").textValue();
        if (recorded != null) {
            if (!Files.exists(tokenizer)) {
                throw new InputException(tokenizer + ": missing, but " + dir.resolve(INFO)
                        + " records the tokenizer the model was trained with");
            }
            if (!recorded.equals(Provenance.sha256(tokenizer))) {
                throw new InputException(tokenizer + ": does not match the tokenizer the model was saved with "
                        + "(SHA-256 differs from " + dir.resolve(INFO) + ")");
            }
        }
        if (Files.exists(tokenizer)) {
            int needed = tokenizerVocabulary(tokenizer);
            if (needed > config.vocabSize()) {
                throw new InputException(tokenizer + ": token ids go up to " + (needed - 1) + " but the model's "
                        + "vocab_size is " + config.vocabSize());
            }
        }
    }

    /** One more than the largest token id in a Hugging Face {@code tokenizer.json} (model vocab and added tokens). */
    static int tokenizerVocabulary(Path tokenizer) {
        JsonNode t = readJson(tokenizer);
        int max = -1;
        JsonNode vocab = t.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<JsonNode> it = vocab.elements(); it.hasNext(); ) {
                max = Math.max(max, it.next().asInt());
            }
        } else if (vocab.isArray()) {
            max = vocab.size() - 1;
        }
        for (JsonNode added : t.path("added_tokens")) {
            max = Math.max(max, added.path("id").asInt(-1));
        }
        return max + 1;
    }

    /** {@code model.safetensors}, or the shards named by {@code model.safetensors.index.json}. */
    static List<Path> weightFiles(Path dir) {
        Path single = dir.resolve(WEIGHTS);
        if (Files.exists(single)) {
            return List.of(single);
        }
        Path index = dir.resolve(WEIGHTS_INDEX);
        if (!Files.exists(index)) {
            throw new InputException(dir + ": no " + WEIGHTS + " and no " + WEIGHTS_INDEX);
        }
        JsonNode map = readJson(index).path("weight_map");
        if (!map.isObject() || map.isEmpty()) {
            throw new InputException(index + ", field 'weight_map': missing or empty");
        }
        Set<String> shards = new LinkedHashSet<>();
        map.elements().forEachRemaining(n -> shards.add(n.asText()));
        List<Path> out = new ArrayList<>();
        for (String shard : shards) {
            Path p = dir.resolve(shard).normalize();
            if (!p.startsWith(dir.normalize()) || !Files.exists(p)) {
                throw new InputException(index + ": shard '" + shard + "' is missing");
            }
            out.add(p);
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ adapters

    /** Writes an adapter folder in PEFT's layout plus {@code emodistill.json}. */
    public static void saveAdapter(Lora lora, Path dir, String baseModelNameOrPath, CheckpointInfo info) {
        LoraConfig c = lora.config();
        ObjectNode cfg = Json.object();
        cfg.put("peft_type", "LORA");
        cfg.put("task_type", "CAUSAL_LM");
        cfg.put("r", c.rank());
        if (c.alpha() == Math.rint(c.alpha()) && Math.abs(c.alpha()) < Integer.MAX_VALUE) {
            cfg.put("lora_alpha", (int) c.alpha());
        } else {
            cfg.put("lora_alpha", c.alpha());
        }
        cfg.put("lora_dropout", c.dropout());
        ArrayNode targets = cfg.putArray("target_modules");
        c.targetModules().forEach(targets::add);
        cfg.put("bias", "none");
        cfg.put("base_model_name_or_path", baseModelNameOrPath == null ? "" : baseModelNameOrPath);
        cfg.put("fan_in_fan_out", false);
        cfg.put("inference_mode", true);
        cfg.put("init_lora_weights", true);
        cfg.put("use_rslora", false);
        cfg.put("use_dora", false);
        cfg.putNull("modules_to_save");
        cfg.putNull("layers_to_transform");
        cfg.putObject("rank_pattern");
        cfg.putObject("alpha_pattern");
        AtomicFiles.writeString(dir.resolve(ADAPTER_CONFIG), Json.pretty(cfg) + "\n");
        Safetensors.write(dir.resolve(ADAPTER_WEIGHTS), lora.tensors(), Map.of("format", "pt"));
        ObjectNode o = header(KIND_ADAPTER, info);
        o.set("base_config", lora.base().toHuggingFace());
        o.put("base_model_name_or_path", baseModelNameOrPath);
        o.put("parameters", lora.parameterCount());
        o.put("weights_sha256", Provenance.sha256(dir.resolve(ADAPTER_WEIGHTS)));
        AtomicFiles.writeString(dir.resolve(INFO), Json.pretty(o) + "\n");
    }

    /**
     * Reads a PEFT adapter folder for {@code model}'s shape. Refuses PEFT options this code does not implement
     * (DoRA, rsLoRA, per-layer ranks, extra trained modules, biases, fan-in-fan-out) rather than load something
     * that computes differently, and an adapter for another base (missing, extra or misshapen tensors).
     */
    public static Lora loadAdapter(Path dir, LlamaModel model) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": no such adapter folder");
        }
        readInfo(dir, KIND_ADAPTER);
        Path cfgFile = dir.resolve(ADAPTER_CONFIG);
        JsonNode cfg = readJson(cfgFile);
        expect(cfgFile, cfg, "peft_type", "LORA");
        if (cfg.has("task_type") && !cfg.get("task_type").isNull()) {
            expect(cfgFile, cfg, "task_type", "CAUSAL_LM");
        }
        if (cfg.has("bias")) {
            expect(cfgFile, cfg, "bias", "none");
        }
        for (String off : List.of("fan_in_fan_out", "use_dora", "use_rslora")) {
            if (cfg.path(off).asBoolean(false)) {
                throw new InputException(cfgFile + ", field '" + off + "': true is not supported");
            }
        }
        for (String empty : List.of("modules_to_save", "layers_to_transform", "rank_pattern", "alpha_pattern")) {
            JsonNode n = cfg.path(empty);
            if (!n.isMissingNode() && !n.isNull() && !n.isEmpty()) {
                throw new InputException(cfgFile + ", field '" + empty + "': " + n + " is not supported");
            }
        }
        JsonNode targetsNode = cfg.path("target_modules");
        if (!targetsNode.isArray()) {
            throw new InputException(cfgFile + ", field 'target_modules': must be a list of module names (a regular "
                    + "expression is not supported)");
        }
        List<String> targets = new ArrayList<>();
        targetsNode.forEach(n -> targets.add(n.asText()));
        if (!cfg.path("r").isIntegralNumber()) {
            throw new InputException(cfgFile + ", field 'r': missing or not an integer");
        }
        LoraConfig config;
        try {
            config = new LoraConfig(cfg.get("r").asInt(), cfg.path("lora_alpha").asDouble(cfg.get("r").asInt()),
                    cfg.path("lora_dropout").asDouble(0), targets);
        } catch (IllegalArgumentException e) {
            throw new InputException(cfgFile + ": " + e.getMessage());
        }
        Path weights = dir.resolve(ADAPTER_WEIGHTS);
        if (!Files.exists(weights)) {
            throw new InputException(weights + ": no such file" + (Files.exists(dir.resolve("adapter_model.bin"))
                    ? " (adapter_model.bin is a pickle and is not read; save with safe_serialization)" : ""));
        }
        try (TensorSource source = new TensorSource(List.of(weights))) {
            return Lora.fromTensors(model.config(), config, source, model.manager(), model.dtype());
        }
    }

    private static void expect(Path file, JsonNode o, String field, String value) {
        String actual = o.path(field).asText("");
        if (!actual.equals(value)) {
            throw new InputException(file + ", field '" + field + "': '" + actual + "', expected '" + value + "'");
        }
    }

    /** The base model folder an adapter was trained on, as its PEFT config records it. */
    public static Path adapterBase(Path adapterDir) {
        Path file = adapterDir.resolve(ADAPTER_CONFIG);
        String base = readJson(file).path("base_model_name_or_path").asText("");
        if (base.isEmpty()) {
            throw new InputException(file + ", field 'base_model_name_or_path': empty; cannot tell which base model "
                    + "the adapter belongs to");
        }
        return Path.of(base);
    }

    // ------------------------------------------------------------------------------------------- helpers

    private static JsonNode readJson(Path file) {
        JsonNode o;
        try {
            o = Json.MAPPER.readTree(Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": not readable JSON: " + e.getMessage());
        }
        if (o == null || !o.isObject()) {
            throw new InputException(file + ": not a JSON object");
        }
        return o;
    }

    private static byte[] readBytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
