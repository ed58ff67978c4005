package dev.emodistill.emotion;

import dev.emodistill.emotion.TrainingSentences.Labelled;
import dev.emodistill.emotion.TrainingSentences.Pool;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class TrainingSentencesTest {
    private static final int MIN_PER_LABEL = 250;

    /** Number words would let the classifier key on quantities the negotiations mask. */
    private static final Set<String> NUMBER_WORDS = Set.of(
            "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
            "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
            "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million",
            "billion", "dozen", "first", "second", "third", "fourth", "fifth", "twice", "thrice");

    private static final Pattern DIGIT = Pattern.compile("\\p{Nd}");

    @ParameterizedTest
    @EnumSource(Pool.class)
    void everyLabelHasAtLeast250DistinctSentencesPerPool(Pool pool) {
        Map<Emotion, Set<String>> byLabel = new EnumMap<>(Emotion.class);
        for (Labelled l : TrainingSentences.universe(pool)) {
            byLabel.computeIfAbsent(l.emotion(), e -> new HashSet<>()).add(TrainingSentences.normalise(l.text()));
        }
        assertFalse(byLabel.containsKey(Emotion.NO_EMOTION), "the control is never a training label");
        for (Emotion e : Emotion.GOEMOTIONS) {
            int n = byLabel.getOrDefault(e, Set.of()).size();
            assertTrue(n >= MIN_PER_LABEL, pool + " has only " + n + " distinct sentences for " + e.label());
        }
        assertTrue(TrainingSentences.maxPerEmotion(pool) >= MIN_PER_LABEL);
    }

    @Test
    void poolsAreDisjointAfterNormalisation() {
        Set<String> perception = new HashSet<>();
        for (Labelled l : TrainingSentences.universe(Pool.PERCEPTION)) {
            perception.add(TrainingSentences.normalise(l.text()));
        }
        for (Labelled l : TrainingSentences.universe(Pool.EVALUATION)) {
            assertFalse(perception.contains(TrainingSentences.normalise(l.text())),
                    "in both pools: " + l.text());
        }
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void noDuplicateOrAmbiguousSentencesWithinAPool(Pool pool) {
        Map<String, Emotion> seen = new HashMap<>();
        for (Labelled l : TrainingSentences.universe(pool)) {
            Emotion before = seen.put(TrainingSentences.normalise(l.text()), l.emotion());
            assertEquals(null, before, "sentence appears twice: " + l.text());
        }
    }

    @Test
    void poolsUseDifferentFramesNotOnlyDifferentFillers() {
        // Hash-splitting shared frames alone would give both pools the same sentence shapes; with frames
        // split, most three-word sentence openings occur in one pool only.
        Set<String> p = openings(Pool.PERCEPTION);
        Set<String> e = openings(Pool.EVALUATION);
        Set<String> common = new HashSet<>(p);
        common.retainAll(e);
        assertTrue(common.size() < 0.5 * Math.min(p.size(), e.size()),
                "pools share " + common.size() + " of " + Math.min(p.size(), e.size()) + " sentence openings");
    }

    private static Set<String> openings(Pool pool) {
        Set<String> out = new HashSet<>();
        for (Labelled l : TrainingSentences.universe(pool)) {
            String[] w = TrainingSentences.normalise(l.text()).split(" ");
            out.add(String.join(" ", List.of(w).subList(0, Math.min(3, w.length))));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void noDigitsAndNoNumberWords(Pool pool) {
        for (Labelled l : TrainingSentences.universe(pool)) {
            assertFalse(DIGIT.matcher(l.text()).find(), "digit in: " + l.text());
            for (String w : TrainingSentences.normalise(l.text()).split(" ")) {
                assertFalse(NUMBER_WORDS.contains(w), "number word '" + w + "' in: " + l.text());
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void sentencesAreTidy(Pool pool) {
        Pattern badArticle = Pattern.compile("\\b[Aa] [aeioAEIO]");
        for (Labelled l : TrainingSentences.universe(pool)) {
            String t = l.text();
            assertTrue(Character.isUpperCase(t.charAt(0)), "lower-case start: " + t);
            assertTrue(t.endsWith(".") || t.endsWith("!") || t.endsWith("?"), "no final punctuation: " + t);
            assertFalse(t.contains("{") || t.contains("}"), "unexpanded slot: " + t);
            assertFalse(t.contains("  ") || t.contains(" ,") || t.contains(" ."), "bad spacing: " + t);
            assertFalse(badArticle.matcher(t).find(), "'a' before a vowel: " + t);
            assertFalse(t.contains("\t") || t.contains("\n"), "tab or newline: " + t);
        }
    }

    @Test
    void generateIsDeterministic() {
        List<Labelled> a = TrainingSentences.generate(Pool.PERCEPTION, 40, 7L);
        List<Labelled> b = TrainingSentences.generate(Pool.PERCEPTION, 40, 7L);
        assertEquals(a, b);
    }

    @Test
    void differentSeedsGiveDifferentSamples() {
        List<Labelled> a = TrainingSentences.generate(Pool.EVALUATION, 40, 1L);
        List<Labelled> b = TrainingSentences.generate(Pool.EVALUATION, 40, 2L);
        assertNotEquals(new HashSet<>(a), new HashSet<>(b), "seeds 1 and 2 drew the same sentences");
        assertNotEquals(a, b);
    }

    @ParameterizedTest
    @EnumSource(Pool.class)
    void generateDrawsExactlyPerEmotionDistinctSentencesOfThePool(Pool pool) {
        int per = 30;
        List<Labelled> sample = TrainingSentences.generate(pool, per, 99L);
        assertEquals(per * Emotion.COUNT, sample.size());
        Set<Labelled> universe = new HashSet<>(TrainingSentences.universe(pool));
        Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
        for (Labelled l : sample) {
            assertTrue(universe.contains(l), "not in the " + pool + " universe: " + l);
            counts.merge(l.emotion(), 1, Integer::sum);
        }
        for (Emotion e : Emotion.GOEMOTIONS) {
            assertEquals(per, counts.getOrDefault(e, 0), e.label());
        }
        assertEquals(sample.size(), new HashSet<>(sample).size(), "a sentence was drawn twice");
        // The list is shuffled, not grouped by label: the first block must mix labels.
        Set<Emotion> firstBlock = new HashSet<>();
        for (Labelled l : sample.subList(0, per)) {
            firstBlock.add(l.emotion());
        }
        assertTrue(firstBlock.size() > 5, "sample is not shuffled across labels");
    }

    @Test
    void samplingSpreadsOverFramesInsteadOfFollowingTheirSize() {
        // Anger's evaluation frames differ hugely in size (intensifier x adjective x grievance versus a
        // single list); a uniform draw would take almost everything from the big frame, a stratified one
        // also takes "Don't you dare ..." sentences.
        List<Labelled> sample = TrainingSentences.generate(Pool.EVALUATION, 40, 5L);
        long dare = sample.stream()
                .filter(l -> l.emotion() == Emotion.ANGER && l.text().startsWith("Don't you dare"))
                .count();
        assertTrue(dare >= 3, "only " + dare + " 'Don't you dare' sentences among 40 anger samples");
    }

    @Test
    void sampleOfEverySentenceIsTheWholePool() {
        Pool pool = Pool.PERCEPTION;
        int max = TrainingSentences.maxPerEmotion(pool);
        List<Labelled> all = TrainingSentences.generate(pool, max, 3L);
        assertEquals(max * Emotion.COUNT, new HashSet<>(all).size());
    }

    @Test
    void rejectsImpossibleSampleSizes() {
        int max = TrainingSentences.maxPerEmotion(Pool.PERCEPTION);
        assertThrows(IllegalArgumentException.class, () -> TrainingSentences.generate(Pool.PERCEPTION, 0, 1L));
        assertThrows(IllegalArgumentException.class,
                () -> TrainingSentences.generate(Pool.PERCEPTION, max + 1, 1L));
    }

    @Test
    void normaliseLowerCasesStripsPunctuationAndCollapsesSpace() {
        assertEquals("im so angry right now", TrainingSentences.normalise("  I'm SO   angry — right now!! "));
        assertEquals("self conscious", TrainingSentences.normalise("Self-conscious."));
        assertEquals(TrainingSentences.normalise("Don’t worry."), TrainingSentences.normalise("dont worry"));
    }

    @Test
    void neutralIncludesPlainProposals() {
        long proposals = TrainingSentences.universe(Pool.PERCEPTION).stream()
                .filter(l -> l.emotion() == Emotion.NEUTRAL)
                .filter(l -> l.text().toLowerCase().matches(".*\\b(propose|offer|suggest|plan|schedul|deadline|due)\\w*\\b.*"))
                .count();
        assertTrue(proposals >= 50, "only " + proposals + " neutral proposal-like sentences");
    }

    @Test
    void labelledRejectsTheControlAndBlankText() {
        assertThrows(IllegalArgumentException.class, () -> new Labelled("Fine.", Emotion.NO_EMOTION));
        assertThrows(IllegalArgumentException.class, () -> new Labelled("  ", Emotion.JOY));
    }

    @Test
    void everyDomainAppearsInTheTrainingText() {
        String all = String.join(" ", TrainingSentences.universe(Pool.PERCEPTION).stream()
                .map(l -> l.text().toLowerCase()).toList());
        for (String cue : List.of("loan", "payment", "rescue", "boat", "bedtime", "school night", "surgery",
                "operation", "wedding", "dinner")) {
            if (!all.contains(cue)) {
                fail("no training sentence mentions '" + cue + "'");
            }
        }
    }
}
