package dev.emodistill.emotion;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmotionTest {
    /** The GoEmotions label order (label indices in the dataset's TSV files). */
    private static final List<String> GOEMOTIONS_ORDER = List.of("admiration", "amusement", "anger", "annoyance",
            "approval", "caring", "confusion", "curiosity", "desire", "disappointment", "disapproval", "disgust",
            "embarrassment", "excitement", "fear", "gratitude", "grief", "joy", "love", "nervousness", "optimism",
            "pride", "realization", "relief", "remorse", "sadness", "surprise", "neutral");

    @Test
    void labelsAreTheGoEmotionsLabelsInDatasetOrder() {
        assertEquals(28, Emotion.GOEMOTIONS.size());
        assertEquals(GOEMOTIONS_ORDER, Emotion.GOEMOTIONS.stream().map(Emotion::label).toList());
        for (int i = 0; i < 28; i++) {
            assertEquals(i, Emotion.ofIndex(i).index());
        }
    }

    @Test
    void noEmotionControlIsDistinctFromNeutralAndNotAnAction() {
        assertFalse(Emotion.GOEMOTIONS.contains(Emotion.NO_EMOTION));
        assertTrue(Emotion.NO_EMOTION.isControl());
        assertFalse(Emotion.NEUTRAL.isControl());
        assertEquals("", Emotion.NO_EMOTION.affectivePrompt());
        assertFalse(Emotion.NEUTRAL.affectivePrompt().isEmpty());
        for (Emotion e : Emotion.GOEMOTIONS) {
            assertFalse(e.affectivePrompt().matches(".*\\ba [aeiou].*"), "article before a vowel: " + e.affectivePrompt());
        }
        assertEquals(-1, Emotion.NO_EMOTION.index());
    }

    @Test
    void affectivePromptsShareOneStructureAndLength() {
        Set<Integer> wordCounts = Emotion.GOEMOTIONS.stream()
                .map(e -> e.affectivePrompt().split("\\s+").length).collect(Collectors.toSet());
        assertEquals(1, wordCounts.size(), "every prompt must have the same number of words: " + wordCounts);
        for (Emotion e : Emotion.GOEMOTIONS) {
            String p = e.affectivePrompt();
            assertTrue(p.startsWith("Emotional stance: " + e.label() + ". Use a ")
                    || p.startsWith("Emotional stance: " + e.label() + ". Use an "), p);
            assertTrue(p.contains(" tone. You feel ") && p.contains(". In each message, "), p);
        }
        assertEquals(28, Emotion.GOEMOTIONS.stream().map(Emotion::affectivePrompt).distinct().count());
    }

    @Test
    void ekmanGroupsFollowTheGoEmotionsMapping() {
        Map<EkmanGroup, Set<String>> expected = Map.of(
                EkmanGroup.ANGER, Set.of("anger", "annoyance", "disapproval"),
                EkmanGroup.DISGUST, Set.of("disgust"),
                EkmanGroup.FEAR, Set.of("fear", "nervousness"),
                EkmanGroup.SADNESS, Set.of("sadness", "disappointment", "embarrassment", "grief", "remorse"),
                EkmanGroup.SURPRISE, Set.of("surprise", "realization", "confusion", "curiosity"),
                EkmanGroup.NEUTRAL, Set.of("neutral"));
        for (Emotion e : Emotion.GOEMOTIONS) {
            EkmanGroup want = expected.entrySet().stream().filter(x -> x.getValue().contains(e.label()))
                    .map(Map.Entry::getKey).findFirst().orElse(EkmanGroup.JOY);
            assertEquals(want, e.ekman(), e.label());
        }
    }

    @Test
    void valenceArousalDominanceAreInRangeAndPlausible() {
        for (Emotion e : Emotion.GOEMOTIONS) {
            assertTrue(Math.abs(e.valence()) <= 1 && Math.abs(e.arousal()) <= 1 && Math.abs(e.dominance()) <= 1);
        }
        assertTrue(Emotion.ANGER.valence() < 0 && Emotion.ANGER.dominance() > 0);
        assertTrue(Emotion.FEAR.dominance() < 0 && Emotion.FEAR.arousal() > 0);
        assertTrue(Emotion.SADNESS.arousal() < 0 && Emotion.JOY.valence() > 0.5);
    }

    @Test
    void parsesLabelsCaseInsensitivelyAndRejectsUnknown() {
        assertEquals(Emotion.ANGER, Emotion.parse(" Anger ").orElseThrow());
        assertEquals(Emotion.NO_EMOTION, Emotion.parse("none").orElseThrow());
        assertTrue(Emotion.parse("rage").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Emotion.ofIndex(28));
    }
}
