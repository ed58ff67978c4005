package dev.emodistill.lm.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes and reads the Hugging Face {@code tokenizer.json} layout for a {@link BpeModel}.
 *
 * <p>What is written, and why: {@code model} is BPE with {@code vocab} (token to id) and {@code merges}
 * ("left right" strings, the form every library version reads; byte-level tokens never contain a space);
 * no normalizer (text is taken as is); the pre-tokenizer is a {@code Sequence} of {@code Digits}
 * ({@code individual_digits}) and {@code ByteLevel} (no prefix space, GPT-2 regex), matching
 * {@link PreTokenizer}; the decoder is {@code ByteLevel}; the specials are {@code added_tokens} with
 * {@code special: true}, matched verbatim; and there is no post-processor, so encoding never adds BOS or
 * EOS by itself: the caller decides. The output is deterministic (fixed key order, vocab in id order), so
 * the same model always gives a byte-identical file.
 */
public final class TokenizerJson {
    private TokenizerJson() {
    }

    /** The {@code tokenizer.json} text of a model. */
    public static String toJson(BpeModel model) {
        ObjectNode root = Json.object();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (int i = 0; i < model.specialTokens().size(); i++) {
            ObjectNode t = added.addObject();
            t.put("id", i);
            t.put("content", model.specialTokens().get(i));
            t.put("single_word", false);
            t.put("lstrip", false);
            t.put("rstrip", false);
            t.put("normalized", false);
            t.put("special", true);
        }
        root.putNull("normalizer");
        ObjectNode pre = root.putObject("pre_tokenizer");
        pre.put("type", "Sequence");
        ArrayNode steps = pre.putArray("pretokenizers");
        ObjectNode digits = steps.addObject();
        digits.put("type", "Digits");
        digits.put("individual_digits", true);
        byteLevel(steps.addObject());
        root.putNull("post_processor");
        byteLevel(root.putObject("decoder"));
        ObjectNode bpe = root.putObject("model");
        bpe.put("type", "BPE");
        bpe.putNull("dropout");
        bpe.putNull("unk_token");
        bpe.putNull("continuing_subword_prefix");
        bpe.putNull("end_of_word_suffix");
        bpe.put("fuse_unk", false);
        bpe.put("byte_fallback", false);
        bpe.put("ignore_merges", false);
        ObjectNode vocab = bpe.putObject("vocab");
        for (int i = 0; i < model.tokens().size(); i++) {
            vocab.put(model.tokens().get(i), i);
        }
        ArrayNode merges = bpe.putArray("merges");
        for (BpeModel.Merge m : model.merges()) {
            merges.add(m.left() + " " + m.right());
        }
        return Json.pretty(root) + "\n";
    }

    private static void byteLevel(ObjectNode node) {
        node.put("type", "ByteLevel");
        node.put("add_prefix_space", false);
        node.put("trim_offsets", true);
        node.put("use_regex", true);
    }

    /** Writes the model atomically (never a half-written file). */
    public static void write(BpeModel model, Path file) {
        AtomicFiles.writeString(file, toJson(model));
    }

    /**
     * Reads a file written by {@link #write} (or any byte-level BPE file in the same layout: specials first,
     * ids contiguous, every byte token present) back into a model.
     *
     * @throws InputException naming the file when it is missing, not JSON, not a BPE model, or not in this layout
     */
    public static BpeModel read(Path file) {
        JsonNode root = parse(file);
        JsonNode model = root.get("model");
        JsonNode vocab = model.get("vocab");
        if (vocab == null || !vocab.isObject()) {
            throw new InputException(file + ": model.vocab is missing or not an object");
        }
        String[] tokens = new String[vocab.size()];
        for (Map.Entry<String, JsonNode> e : vocab.properties()) {
            int id = e.getValue().asInt(-1);
            if (!e.getValue().canConvertToInt() || id < 0 || id >= tokens.length || tokens[id] != null) {
                throw new InputException(file + ": model.vocab id of '" + e.getKey() + "' is not a unique id in 0.."
                        + (tokens.length - 1));
            }
            tokens[id] = e.getKey();
        }
        List<String> specials = new ArrayList<>();
        JsonNode added = root.path("added_tokens");
        for (JsonNode t : added) {
            if (t.path("special").asBoolean(false)) {
                int id = t.path("id").asInt(-1);
                String content = t.path("content").asText("");
                if (id != specials.size() || id >= tokens.length || !content.equals(tokens[id])) {
                    throw new InputException(file + ": special token '" + content + "' has id " + id
                            + "; this layout needs the specials at ids 0.." + (added.size() - 1) + " in the vocab");
                }
                specials.add(content);
            }
        }
        List<BpeModel.Merge> merges = new ArrayList<>();
        JsonNode mergeList = model.path("merges");
        for (int r = 0; r < mergeList.size(); r++) {
            merges.add(merge(file, r, mergeList.get(r)));
        }
        try {
            return new BpeModel(specials, Arrays.asList(tokens), merges);
        } catch (IllegalArgumentException e) {
            throw new InputException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads and checks the parts every BPE {@code tokenizer.json} has: the file exists, is a JSON object, and
     * its {@code model} is of type BPE. Shared with {@link PocketTokenizer}, which accepts any such file.
     */
    static JsonNode parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": tokenizer file not found");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read tokenizer file: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new InputException(file + ": not a JSON tokenizer file" + where + ": " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new InputException(file + ": not a tokenizer.json (expected a JSON object)");
        }
        JsonNode model = root.get("model");
        if (model == null || !model.isObject()) {
            throw new InputException(file + ": not a tokenizer.json (no 'model' object)");
        }
        String type = model.path("type").asText("");
        // Old files leave the type out; a vocab with merges can only be BPE.
        boolean untypedBpe = type.isEmpty() && model.has("merges") && model.has("vocab");
        if (!type.equals("BPE") && !untypedBpe) {
            throw new InputException(file + ": field 'model.type' is '" + type + "', expected a BPE model");
        }
        return root;
    }

    private static BpeModel.Merge merge(Path file, int rank, JsonNode node) {
        if (node.isTextual()) {
            String[] parts = node.asText().split(" ", -1);
            if (parts.length == 2) {
                return new BpeModel.Merge(parts[0], parts[1]);
            }
        } else if (node.isArray() && node.size() == 2 && node.get(0).isTextual() && node.get(1).isTextual()) {
            return new BpeModel.Merge(node.get(0).asText(), node.get(1).asText());
        }
        throw new InputException(file + ": model.merges[" + rank + "] is not a pair of tokens: " + node);
    }
}
