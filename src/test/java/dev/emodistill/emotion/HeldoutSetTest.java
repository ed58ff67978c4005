package dev.emodistill.emotion;

import dev.emodistill.emotion.GoEmotionsTsv.Example;
import dev.emodistill.emotion.TrainingSentences.Labelled;
import dev.emodistill.emotion.TrainingSentences.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written held-out set: big enough, balanced, well-formed and independent of the generator. */
class HeldoutSetTest {
    private static final double MAX_JACCARD = 0.6;

    private static List<Example> heldout;

    @BeforeAll
    static void load() {
        heldout = GoEmotionsTsv.readHeldout();
    }

    @Test
    void hasAtLeast170RowsAndSixPerLabel() {
        assertTrue(heldout.size() >= 170, "only " + heldout.size() + " held-out rows");
        Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
        for (Example ex : heldout) {
            for (Emotion e : ex.labels()) {
                counts.merge(e, 1, Integer::sum);
            }
        }
        for (Emotion e : Emotion.GOEMOTIONS) {
            assertTrue(counts.getOrDefault(e, 0) >= 6, e.label() + " has " + counts.getOrDefault(e, 0) + " rows");
        }
    }

    @Test
    void mostRowsHaveOneLabel() {
        long single = heldout.stream().filter(ex -> ex.labels().size() == 1).count();
        assertTrue(single >= 0.9 * heldout.size(), single + " of " + heldout.size() + " rows have one label");
    }

    @Test
    void idsAndTextsAreUniqueAndTextHasNoDigits() {
        Set<String> ids = new HashSet<>();
        Set<String> texts = new HashSet<>();
        for (Example ex : heldout) {
            assertFalse(ex.id().isEmpty(), "row without id: " + ex.text());
            assertTrue(ids.add(ex.id()), "duplicate id " + ex.id());
            assertTrue(texts.add(TrainingSentences.normalise(ex.text())), "duplicate text: " + ex.text());
            assertFalse(ex.text().chars().anyMatch(Character::isDigit), "digit in: " + ex.text());
        }
    }

    @Test
    void fileIsUtf8WithLfLineEndsAndNoHeader() throws IOException {
        byte[] bytes;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(GoEmotionsTsv.HELDOUT_RESOURCE)) {
            assertNotNull(in, "resource missing");
            bytes = in.readAllBytes();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), "CR in held-out file");
        assertFalse(text.startsWith("\uFEFF"), "byte-order mark in held-out file");
        assertTrue(text.endsWith("\n"), "no final newline");
        // Every line parsed as a row, so nothing (such as a header) was skipped.
        assertEquals(text.split("\n").length, heldout.size());
    }

    @Test
    void noHeldoutSentenceIsInEitherTrainingPool() {
        for (Pool pool : Pool.values()) {
            Set<String> universe = new HashSet<>();
            for (Labelled l : TrainingSentences.universe(pool)) {
                universe.add(TrainingSentences.normalise(l.text()));
            }
            for (Example ex : heldout) {
                assertFalse(universe.contains(TrainingSentences.normalise(ex.text())),
                        "held-out sentence is a " + pool + " training sentence: " + ex.text());
            }
        }
    }

    @Test
    void noHeldoutSentenceIsANearCopyOfATrainingSentence() {
        // Word sets as sorted int ids; training words unknown to the held-out set only grow the union.
        Map<String, Integer> ids = new HashMap<>();
        List<int[]> training = new ArrayList<>();
        List<String> trainingText = new ArrayList<>();
        for (Pool pool : Pool.values()) {
            for (Labelled l : TrainingSentences.universe(pool)) {
                training.add(wordIds(l.text(), ids));
                trainingText.add(l.text());
            }
        }
        StringBuilder failures = new StringBuilder();
        for (Example ex : heldout) {
            Set<Integer> words = new HashSet<>();
            for (int id : wordIds(ex.text(), ids)) {
                words.add(id);
            }
            double worst = 0;
            int worstAt = -1;
            for (int i = 0; i < training.size(); i++) {
                int[] t = training.get(i);
                int common = 0;
                for (int id : t) {
                    if (words.contains(id)) {
                        common++;
                    }
                }
                double jaccard = (double) common / (words.size() + t.length - common);
                if (jaccard > worst) {
                    worst = jaccard;
                    worstAt = i;
                }
            }
            if (worst >= MAX_JACCARD) {
                failures.append(String.format("%n%.2f  %s%n      %s", worst, ex.text(), trainingText.get(worstAt)));
            }
        }
        assertEquals("", failures.toString(), "held-out sentences too close to training sentences:");
    }

    private static int[] wordIds(String text, Map<String, Integer> ids) {
        Set<Integer> set = new HashSet<>();
        for (String w : TrainingSentences.normalise(text).split(" ")) {
            if (!w.isEmpty()) {
                set.add(ids.computeIfAbsent(w, k -> ids.size()));
            }
        }
        return set.stream().mapToInt(Integer::intValue).toArray();
    }
}
