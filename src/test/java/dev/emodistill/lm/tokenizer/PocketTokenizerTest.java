package dev.emodistill.lm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.emodistill.io.InputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PocketTokenizerTest {
    @TempDir
    static Path dir;
    private static Path file;
    private static BpeModel model;
    private static BpeEncoder reference;
    private static PocketTokenizer tokenizer;

    @BeforeAll
    static void train() {
        model = new BpeTrainer(BpeTrainer.Options.defaults().withVocabSize(700)).train(TestCorpus.lines(4000, 11));
        file = dir.resolve("tokenizer.json");
        TokenizerJson.write(model, file);
        reference = new BpeEncoder(model);
        tokenizer = PocketTokenizer.load(file);
    }

    @AfterAll
    static void close() {
        tokenizer.close();
    }

    /** Fixed hard cases plus random corpus lines and random code-point soup. */
    private static List<String> probes() {
        List<String> out = new ArrayList<>(List.of(
                "", " ", "  ", "\n", "\n\n  \t", "a", "I offer 1234 days.", "By 10:30 PM, please.",
                "Café crème, naïve résumé — 東京 😀 👍🏽 done.", "we're we've I'm you'll he'd it's 'S",
                "trailing spaces   ", "   leading", "tabs\tand\r\nCRLF", "numbers: 3.14, 1,000, -7, 2nd, ½, ², ٣٤",
                "<|bos|>hello<|eos|>", "<|system|>debt<|context|>Agent: 14 days<|emotion|>none<|response|>",
                "a<|eos|><|eos|>b", "<|bo", "|>", "non\u00a0breaking\u3000spaces", "emoji😀😀😀x",
                "multi\n\nline\n text\n"));
        out.addAll(TestCorpus.lines(600, 99));
        SplittableRandom rng = new SplittableRandom(7);
        int[] pool = {'a', 'Z', ' ', ' ', '\n', '7', '0', '.', ',', '\'', 's', '-', 'é', 'ß', '東', 0x1F600, 0x00A0,
            '\t', '!', '?', 'Ω', '½', 0x0663, '<', '|', '>'};
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder();
            int len = rng.nextInt(40);
            for (int j = 0; j < len; j++) {
                sb.appendCodePoint(pool[rng.nextInt(pool.length)]);
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void huggingFaceIdsEqualTheReferenceEncoder() {
        for (String text : probes()) {
            assertArrayEquals(reference.encode(text), tokenizer.encode(text), () -> "ids differ for [" + text + "]");
        }
    }

    @Test
    void decodeInvertsEncode() {
        for (String text : probes()) {
            assertEquals(text, tokenizer.decode(tokenizer.encode(text)), "round trip of [" + text + "]");
            assertEquals(text, reference.decode(reference.encode(text), false));
        }
    }

    @Test
    void everyDigitIsOneToken() {
        int[] ids = tokenizer.encode("1234");
        assertEquals(4, ids.length);
        for (int i = 0; i < 4; i++) {
            assertEquals(String.valueOf("1234".charAt(i)), tokenizer.decode(new int[] {ids[i]}));
        }
        int[] offer = tokenizer.encode("I can do 905 days");
        long digits = java.util.Arrays.stream(offer).mapToObj(id -> model.tokens().get(id))
                .filter(t -> t.chars().anyMatch(Character::isDigit)).count();
        assertEquals(3, digits);
    }

    @Test
    void specialsHaveTheirIdsAndAreNeverAddedImplicitly() {
        assertEquals(0, tokenizer.id("<|bos|>"));
        assertEquals(1, tokenizer.id("<|eos|>"));
        assertEquals(6, tokenizer.id("<|response|>"));
        assertEquals(BpeTrainer.DEFAULT_SPECIALS, tokenizer.specialTokens());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.id("<|unknown|>"));
        int[] ids = tokenizer.encode("hello");
        for (int id : ids) {
            assertTrue(id >= 7, "a special was added: " + id);
        }
        int[] framed = tokenizer.encode("<|bos|>hello<|eos|>");
        assertEquals(0, framed[0]);
        assertEquals(1, framed[framed.length - 1]);
        assertEquals("hello", tokenizer.decode(framed, true));
        assertEquals("<|bos|>hello<|eos|>", tokenizer.decode(framed, false));
    }

    @Test
    void longTextIsNotTruncated() {
        String text = String.join(" ", TestCorpus.lines(200, 3));
        int[] ids = tokenizer.encode(text);
        assertTrue(ids.length > 1000, "ids " + ids.length);
        assertEquals(text, tokenizer.decode(ids));
    }

    @Test
    void reportsSizeDigestAndFile() throws Exception {
        assertEquals(model.vocabSize(), tokenizer.vocabSize());
        assertEquals(file, tokenizer.file());
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        assertEquals(digest, tokenizer.sha256());
        assertThrows(IllegalArgumentException.class, () -> tokenizer.decode(new int[] {model.vocabSize()}));
    }

    @Test
    void badFilesGetAClearErrorNamingTheFile(@TempDir Path tmp) throws Exception {
        Path missing = tmp.resolve("nope.json");
        assertNamed(missing, "not found");

        Path notJson = tmp.resolve("garbage.json");
        Files.writeString(notJson, "this is { not json");
        assertNamed(notJson, "not a JSON");

        Path wordPiece = tmp.resolve("wordpiece.json");
        Files.writeString(wordPiece, "{\"model\": {\"type\": \"WordPiece\", \"vocab\": {\"a\": 0}}}");
        assertNamed(wordPiece, "BPE");

        Path noModel = tmp.resolve("array.json");
        Files.writeString(noModel, "[1, 2, 3]");
        assertNamed(noModel, "JSON object");

        // Well-formed JSON with a BPE type that the native library itself rejects.
        Path broken = tmp.resolve("broken.json");
        Files.writeString(broken, TokenizerJson.toJson(model).replace("\"type\" : \"Digits\"", "\"type\" : \"NoSuchStep\""));
        assertNamed(broken, "rejected");

        assertNamed(tmp, "folder");
    }

    @Test
    void theReferenceReaderRejectsForeignLayouts(@TempDir Path tmp) throws Exception {
        Path shuffled = tmp.resolve("shuffled.json");
        Files.writeString(shuffled, TokenizerJson.toJson(model).replace("\"id\" : 0,", "\"id\" : 3,"));
        InputException e = assertThrows(InputException.class, () -> TokenizerJson.read(shuffled));
        assertTrue(e.getMessage().contains(shuffled.toString()), e.getMessage());
    }

    private static void assertNamed(Path bad, String reason) {
        InputException e = assertThrows(InputException.class, () -> PocketTokenizer.load(bad).close());
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
