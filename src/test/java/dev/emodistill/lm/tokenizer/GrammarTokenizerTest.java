package dev.emodistill.lm.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.emodistill.domain.Domain;
import dev.emodistill.lm.text.DialogueText;
import dev.emodistill.lm.text.GrammarLine;
import dev.emodistill.lm.text.NeutralGrammar;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pocket tokenizer as it will be used: trained on the neutral grammar's examples, 2,048 ids. */
class GrammarTokenizerTest {
    @TempDir
    static Path dir;
    private static List<String> corpus;
    private static BpeModel model;
    private static long corpusBytes;

    @BeforeAll
    static void train() {
        corpus = new ArrayList<>();
        for (Domain d : Domain.values()) {
            for (List<GrammarLine> dialogue : NeutralGrammar.dialogues(d, 170, 77)) {
                corpus.addAll(DialogueText.examples(dialogue));
            }
        }
        corpusBytes = corpus.stream().mapToLong(s -> s.getBytes(StandardCharsets.UTF_8).length).sum();
        long start = System.nanoTime();
        model = new BpeTrainer(BpeTrainer.Options.defaults()).train(corpus);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "BPE trainer: %,d examples, %.2f MB, %d ids, %d merges in %.2f s%n",
                corpus.size(), corpusBytes / 1e6, model.vocabSize(), model.merges().size(), seconds);
    }

    @Test
    void corpusIsAboutTwoMegabytesAndItsWordsBecomeWholeTokens() {
        assertTrue(corpusBytes > 1_500_000 && corpusBytes < 3_000_000, "corpus bytes " + corpusBytes);
        // The grammar's word list is small, so merging runs out of repeated pairs before 2,048 ids: by then
        // its words are whole tokens.
        assertTrue(model.vocabSize() > 1000 && model.vocabSize() <= 2048, "ids " + model.vocabSize());
        BpeEncoder encoder = new BpeEncoder(model);
        for (String word : List.of(" negotiation", " surgery", " bedtime", " rescue", " balance", " proposal")) {
            assertEquals(1, encoder.encode(word).length, word);
        }
    }

    @Test
    void grammarSentencesTakeFewTokensAndMostExamplesFitTheContext() {
        BpeEncoder encoder = new BpeEncoder(model);
        long tokens = 0;
        long bytes = 0;
        int lines = 0;
        for (Domain d : Domain.values()) {
            for (String s : NeutralGrammar.sample(d, 2000, 3)) {
                tokens += encoder.encode(s).length;
                bytes += s.getBytes(StandardCharsets.UTF_8).length;
                lines++;
            }
        }
        double perLine = (double) tokens / lines;
        int fit = 0;
        int longest = 0;
        for (String ex : corpus.subList(0, Math.min(4000, corpus.size()))) {
            int n = encoder.encode(ex).length;
            longest = Math.max(longest, n);
            fit += n <= 128 ? 1 : 0;
        }
        int checked = Math.min(4000, corpus.size());
        System.out.printf(Locale.ROOT, "grammar lines: %.1f tokens/line, %.2f bytes/token; examples within 128 tokens:"
                + " %.1f %% (longest %d)%n", perLine, (double) bytes / tokens, 100.0 * fit / checked, longest);
        // A vocabulary fitted to this text compresses it well beyond bytes (it would be 1 byte/token).
        assertTrue((double) bytes / tokens > 3.0, "bytes per token " + (double) bytes / tokens);
        assertTrue(fit > 0.9 * checked, "examples that fit 128 tokens: " + fit);
    }

    @Test
    void theHuggingFaceLibraryAgreesOnTheGrammarExamples() {
        Path file = dir.resolve("tokenizer.json");
        TokenizerJson.write(model, file);
        BpeEncoder reference = new BpeEncoder(model);
        try (PocketTokenizer tokenizer = PocketTokenizer.load(file)) {
            for (String ex : corpus.subList(0, 3000)) {
                int[] ids = tokenizer.encode(ex);
                assertArrayEquals(reference.encode(ex), ids, ex);
                assertEquals(ex, tokenizer.decode(ids));
            }
            assertEquals(tokenizer.id("<|eos|>"), tokenizer.encode(DialogueText.EOS)[0]);
        }
    }
}
