package dev.emodistill.negotiation;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.io.InputException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmotionPoliciesTest {
    private static final Scenario S = new Scenario("p", Domain.DEBT, 10, 60, false, Map.of());

    private static TurnContext at(int turn, Emotion counterpartyShowed) {
        List<Message> transcript = new ArrayList<>();
        if (counterpartyShowed != null) {
            transcript.add(new Message(0, Role.COUNTERPARTY, turn - 1, "x", 50.0, Act.OFFER, counterpartyShowed,
                    EmotionDistribution.pure(counterpartyShowed)));
        }
        return new TurnContext(S, Role.FOCAL, turn, 15, 2.5, transcript);
    }

    @Test
    void namesRoundTrip() {
        assertEquals("no-emotion", EmotionPolicies.parse("none").name());
        assertEquals("fixed:anger", EmotionPolicies.parse("anger").name());
        assertEquals("fixed:anger", EmotionPolicies.parse("fixed:anger").name());
        assertEquals("random", EmotionPolicies.parse("random").name());
        assertEquals(Emotion.NO_EMOTION, EmotionPolicies.parse("no-emotion").choose(at(0, null), new SplittableRandom(1)));
    }

    @Test
    void randomCoversAllEmotionsAndIsSeeded() {
        EmotionPolicy p = EmotionPolicies.random();
        Set<Emotion> seen = EnumSet.noneOf(Emotion.class);
        SplittableRandom a = new SplittableRandom(3);
        SplittableRandom b = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            Emotion e = p.choose(at(0, null), a);
            assertEquals(e, p.choose(at(0, null), b));
            seen.add(e);
        }
        assertEquals(EnumSet.copyOf(Emotion.GOEMOTIONS), seen);
    }

    @Test
    void phaseRuleSwitchesAtTheGivenShareOfTheHorizon() {
        EmotionPolicy p = EmotionPolicies.parse("rule:phase:anger,gratitude@0.4");
        assertEquals(Emotion.ANGER, p.choose(at(5, null), null));
        assertEquals(Emotion.GRATITUDE, p.choose(at(6, null), null), "6/15 = 0.4");
    }

    @Test
    void ekmanRuleReactsToTheCounterpartysPerceivedEmotion() {
        EmotionPolicy p = EmotionPolicies.parse("rule:ekman:anger>gratitude,fear>anger,default>sadness");
        assertEquals(Emotion.SADNESS, p.choose(at(0, null), null), "no message yet: default");
        assertEquals(Emotion.GRATITUDE, p.choose(at(1, Emotion.ANNOYANCE), null));
        assertEquals(Emotion.ANGER, p.choose(at(1, Emotion.NERVOUSNESS), null));
        assertEquals(Emotion.SADNESS, p.choose(at(1, Emotion.JOY), null));
    }

    @Test
    void badSpecsSayWhatIsAccepted() {
        for (String bad : List.of("fury", "fixed:fury", "rule:phase:anger@0.5", "rule:phase:anger,joy@1.5",
                "rule:ekman:anger>joy", "rule:ekman:rage>joy,default>joy", "")) {
            InputException e = assertThrows(InputException.class, () -> EmotionPolicies.parse(bad), bad);
            assertTrue(e.getMessage().contains("policy") || e.getMessage().contains("emotion"), e.getMessage());
        }
    }
}
