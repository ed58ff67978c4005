package dev.emodistill.lm.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.InputException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Hugging Face {@code tokenizer.json} loaded through DJL's binding of the Rust {@code tokenizers} library,
 * from a local file only (never a hub name, which would download). Used for the pocket tokenizer that
 * {@link BpeTrainer} writes and for the tokenizer of a real checkpoint folder; any BPE model is accepted.
 *
 * <p>Encoding never adds special tokens (there is no post-processor in the pocket file, and this class
 * asks for none in any file): the caller writes BOS, EOS and the prompt markers itself, and specials
 * written in the text are matched verbatim. Holds native memory: close it once nothing uses it.
 */
public final class PocketTokenizer implements AutoCloseable {
    private final Path file;
    private final HuggingFaceTokenizer hf;
    private final Map<String, Integer> specialIds;
    private final int vocabSize;
    private final String sha256;

    private PocketTokenizer(Path file, HuggingFaceTokenizer hf, Map<String, Integer> specialIds, int vocabSize,
                            String sha256) {
        this.file = file;
        this.hf = hf;
        this.specialIds = specialIds;
        this.vocabSize = vocabSize;
        this.sha256 = sha256;
    }

    /**
     * Loads a {@code tokenizer.json} file.
     *
     * @throws InputException naming the file when it is missing, not JSON, not a BPE model, or rejected by
     *                        the tokenizers library
     */
    public static PocketTokenizer load(Path file) {
        Objects.requireNonNull(file, "file");
        if (Files.isDirectory(file)) {
            throw new InputException(file + ": is a folder; give the tokenizer.json file itself");
        }
        JsonNode root = TokenizerJson.parse(file);
        Map<String, Integer> specials = new LinkedHashMap<>();
        int maxId = -1;
        for (JsonNode t : root.path("added_tokens")) {
            int id = t.path("id").asInt(-1);
            maxId = Math.max(maxId, id);
            if (t.path("special").asBoolean(false)) {
                specials.put(t.path("content").asText(), id);
            }
        }
        JsonNode vocab = root.path("model").path("vocab");
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw new InputException(file + ": field 'model.vocab' is missing or empty");
        }
        for (JsonNode id : vocab) {
            maxId = Math.max(maxId, id.asInt(-1));
        }
        String digest = sha256(file);
        HuggingFaceTokenizer hf;
        try {
            // DJL otherwise truncates at 512 tokens by default; length limits are the model's business.
            hf = HuggingFaceTokenizer.newInstance(file,
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false"));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read tokenizer file: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // The native library reports schema problems as plain runtime exceptions.
            throw new InputException(file + ": the tokenizers library rejected this file: " + e.getMessage(), e);
        }
        return new PocketTokenizer(file, hf, specials, maxId + 1, digest);
    }

    /** Token ids of {@code text}; nothing is added, specials written in the text become their ids. */
    public int[] encode(String text) {
        Objects.requireNonNull(text, "text");
        long[] ids = hf.encode(text, false, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** Text of the ids, special tokens included. */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** Text of the ids; with {@code skipSpecialTokens} the specials are left out. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= vocabSize) {
                throw new IllegalArgumentException("token id " + ids[i] + " is outside the vocabulary of " + file
                        + " (size " + vocabSize + ")");
            }
            wide[i] = ids[i];
        }
        return hf.decode(wide, skipSpecialTokens);
    }

    /**
     * The id of a special token such as {@code <|eos|>}.
     *
     * @throws IllegalArgumentException when the file has no such special token
     */
    public int id(String specialToken) {
        Integer id = specialIds.get(specialToken);
        if (id == null) {
            throw new IllegalArgumentException(file + " has no special token '" + specialToken + "'; it has "
                    + specialIds.keySet());
        }
        return id;
    }

    /** The special tokens, in file order. */
    public List<String> specialTokens() {
        return new ArrayList<>(specialIds.keySet());
    }

    /** Number of ids (largest id + 1), specials included: the LM's embedding rows. */
    public int vocabSize() {
        return vocabSize;
    }

    /** Hex SHA-256 of the file as loaded, for provenance and for checking that a model matches it. */
    public String sha256() {
        return sha256;
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        hf.close();
    }

    private static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new InputException(file + ": cannot read tokenizer file: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
