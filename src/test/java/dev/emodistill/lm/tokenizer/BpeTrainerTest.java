package dev.emodistill.lm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BpeTrainerTest {
    private static final BpeTrainer.Options SMALL = BpeTrainer.Options.defaults().withVocabSize(600);

    @Test
    void specialsComeFirstThenBytesThenMerges() {
        BpeModel model = new BpeTrainer(SMALL.withVocabSize(450)).train(TestCorpus.lines(3000, 1));
        assertEquals(450, model.vocabSize());
        assertEquals(BpeTrainer.DEFAULT_SPECIALS, model.tokens().subList(0, 7));
        assertEquals(String.valueOf(ByteUnicode.charOf(0)), model.tokens().get(7));
        assertTrue(model.merges().size() >= 450 - 7 - 256, "one merge per new token at least");
        // Frequent whole words of the corpus end up as single tokens.
        assertTrue(model.tokens().contains("Ġoffer"), "Ġoffer");
        assertTrue(model.tokens().contains("Ġnegotiation"), "Ġnegotiation");
    }

    @Test
    void digitsAreNeverMerged() {
        BpeModel model = new BpeTrainer(SMALL).train(TestCorpus.lines(3000, 2));
        for (String t : model.tokens().subList(7, model.vocabSize())) {
            if (t.codePoints().anyMatch(Character::isDigit)) {
                assertEquals(1, t.length(), "a token with a digit: " + t);
            }
        }
    }

    @Test
    void incrementalCountsGiveTheSameMergesAsRecountingEveryStep() {
        List<String> corpus = TestCorpus.lines(400, 3);
        BpeTrainer.Options options = BpeTrainer.Options.defaults().withVocabSize(7 + 256 + 150);
        BpeModel fast = new BpeTrainer(options).train(corpus);
        assertEquals(naiveMerges(corpus, options), fast.merges());
    }

    @Test
    void aSmallCorpusRunsOutOfPairsBeforeTheTarget() {
        BpeModel model = new BpeTrainer(SMALL.withVocabSize(5000)).train(TestCorpus.lines(500, 7));
        assertTrue(model.vocabSize() < 5000, "vocab " + model.vocabSize());
    }

    @Test
    void minFrequencyStopsEarly() {
        List<String> corpus = List.of("abab abab abab xyz");
        BpeModel model = new BpeTrainer(SMALL.withMinFrequency(3)).train(corpus);
        // "ab" occurs 6 times, then "abab" 3 times, then "Ġabab" 2 times: below 3, so training stops.
        assertEquals(List.of(new BpeModel.Merge("a", "b"), new BpeModel.Merge("ab", "ab")), model.merges());
        assertEquals(7 + 256 + 2, model.vocabSize());
    }

    @Test
    void specialTokensInTheCorpusAreNotLearnedFrom() {
        List<String> corpus = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            corpus.add("<|bos|>hello<|eos|>");
        }
        BpeModel model = new BpeTrainer(SMALL).train(corpus);
        for (String t : model.tokens().subList(7 + 256, model.vocabSize())) {
            assertFalse(t.contains("|") || t.contains("<") || t.contains(">"), "learned from a special: " + t);
        }
        assertTrue(model.tokens().contains("hello"));
    }

    @Test
    void sameCorpusGivesAByteIdenticalFile(@TempDir Path dir) throws Exception {
        Path a = dir.resolve("a.json");
        Path b = dir.resolve("b.json");
        TokenizerJson.write(new BpeTrainer(SMALL).train(TestCorpus.lines(2000, 4)), a);
        TokenizerJson.write(new BpeTrainer(SMALL).train(TestCorpus.lines(2000, 4)), b);
        assertTrue(Files.size(a) > 1000);
        assertEquals(-1L, Files.mismatch(a, b));
        String other = TokenizerJson.toJson(new BpeTrainer(SMALL).train(TestCorpus.lines(2000, 5)));
        assertFalse(other.equals(Files.readString(a, StandardCharsets.UTF_8)), "another corpus, another file");
    }

    @Test
    void writtenFileReadsBackToTheSameModel(@TempDir Path dir) {
        BpeModel model = new BpeTrainer(SMALL).train(TestCorpus.lines(2000, 6));
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(model, file);
        assertEquals(model, TokenizerJson.read(file));
    }

    @Test
    void rejectsAVocabularyTooSmallForTheBytes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BpeTrainer.Options.defaults().withVocabSize(100));
        assertTrue(e.getMessage().contains("263"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BpeTrainer.Options.defaults().withSpecialTokens(List.of("<|a|>", "<|a|>")));
    }

    /** Textbook BPE: recount every pair before every merge; the same tie rule (smaller ids first). */
    private static List<BpeModel.Merge> naiveMerges(List<String> corpus, BpeTrainer.Options options) {
        Map<String, Integer> wordCounts = new LinkedHashMap<>();
        for (String line : corpus) {
            for (String piece : PreTokenizer.pieces(line)) {
                wordCounts.merge(piece, 1, Integer::sum);
            }
        }
        List<String> tokens = new ArrayList<>(options.specialTokens());
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteUnicode.charOf(b)));
        }
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
        List<List<String>> words = new ArrayList<>();
        List<Integer> freqs = new ArrayList<>();
        wordCounts.forEach((w, c) -> {
            List<String> symbols = new ArrayList<>();
            for (char ch : w.toCharArray()) {
                symbols.add(String.valueOf(ch));
            }
            words.add(symbols);
            freqs.add(c);
        });
        List<BpeModel.Merge> merges = new ArrayList<>();
        while (tokens.size() < options.vocabSize()) {
            Map<List<String>, Integer> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                List<String> s = words.get(w);
                for (int j = 0; j + 1 < s.size(); j++) {
                    pairs.merge(List.of(s.get(j), s.get(j + 1)), freqs.get(w), Integer::sum);
                }
            }
            List<String> best = null;
            int bestCount = 0;
            for (Map.Entry<List<String>, Integer> e : pairs.entrySet()) {
                List<String> p = e.getKey();
                int c = e.getValue();
                if (best == null || c > bestCount || (c == bestCount && compareIds(p, best, ids) < 0)) {
                    best = p;
                    bestCount = c;
                }
            }
            if (best == null || bestCount < options.minFrequency()) {
                break;
            }
            String merged = best.get(0) + best.get(1);
            if (!ids.containsKey(merged)) {
                ids.put(merged, tokens.size());
                tokens.add(merged);
            }
            merges.add(new BpeModel.Merge(best.get(0), best.get(1)));
            for (List<String> s : words) {
                for (int j = 0; j + 1 < s.size(); j++) {
                    if (s.get(j).equals(best.get(0)) && s.get(j + 1).equals(best.get(1))) {
                        s.set(j, merged);
                        s.remove(j + 1);
                    }
                }
            }
        }
        return merges;
    }

    private static int compareIds(List<String> a, List<String> b, Map<String, Integer> ids) {
        int c = Integer.compare(ids.get(a.get(0)), ids.get(b.get(0)));
        return c != 0 ? c : Integer.compare(ids.get(a.get(1)), ids.get(b.get(1)));
    }
}
