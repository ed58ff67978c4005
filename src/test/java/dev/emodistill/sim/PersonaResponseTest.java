package dev.emodistill.sim;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The documented emotion-response profiles, checked by the direction of their effects. */
class PersonaResponseTest {
    private static final Scenario S = new Scenario("r", Domain.DEBT, 10, 60, false, Map.of());

    private static TurnContext turn(int t) {
        return new TurnContext(S, Role.COUNTERPARTY, t, 15, 2.5, List.of());
    }

    private static PersonaResponse after(String persona, Emotion shown, int turns) {
        PersonaResponse r = new PersonaResponse(Personas.get(persona));
        for (int t = 0; t < turns; t++) {
            r.perceive(EmotionDistribution.pure(shown), turn(t));
        }
        return r;
    }

    @Test
    void signalsAreNormalisedToOneForPrototypes() {
        assertEquals(1.0, EmotionSignals.of(EmotionDistribution.pure(Emotion.ANGER)).hostile(), 1e-9);
        assertEquals(1.0, EmotionSignals.of(EmotionDistribution.pure(Emotion.GRIEF)).plaintive(), 1e-9);
        assertEquals(1.0, EmotionSignals.of(EmotionDistribution.pure(Emotion.FEAR)).anxious(), 1e-9);
        assertEquals(1.0, EmotionSignals.of(EmotionDistribution.pure(Emotion.GRATITUDE)).warm(), 1e-9);
        EmotionSignals neutral = EmotionSignals.of(EmotionDistribution.pure(Emotion.NEUTRAL));
        assertEquals(0, neutral.hostile() + neutral.plaintive() + neutral.warm() + neutral.elated(), 1e-12);
    }

    @Test
    void angerIntimidatesTheVictimButBackfiresOnThreat() {
        assertTrue(after("victim", Emotion.ANGER, 3).concession() > 0.1);
        PersonaResponse threat = after("threat", Emotion.ANGER, 3);
        assertTrue(threat.concession() < 0);
        assertTrue(threat.walkAwayHazard(turn(5)) > after("threat", Emotion.GRATITUDE, 3).walkAwayHazard(turn(5)));
    }

    @Test
    void warmthDeEscalatesThreatButGivesVanillaLess() {
        assertTrue(after("threat", Emotion.GRATITUDE, 3).concession() > 0.1);
        assertTrue(after("vanilla", Emotion.GRATITUDE, 3).concession() < 0);
    }

    @Test
    void sympathyFadesWithRepetition() {
        PersonaResponse r = new PersonaResponse(Personas.get("vanilla"));
        double previous = 0;
        double previousGain = Double.POSITIVE_INFINITY;
        for (int t = 0; t < 8; t++) {
            r.perceive(EmotionDistribution.pure(Emotion.SADNESS), turn(t));
            double gain = r.concession() - previous;
            assertTrue(gain < previousGain, "each display of sadness earns less than the one before");
            previousGain = gain;
            previous = r.concession();
            if (t == 0) {
                assertTrue(gain > 0.05, "the first display earns a real sympathy concession: " + gain);
            }
            if (t == 3) {
                assertTrue(r.concession() > 0.2, "four displays add up: " + r.concession());
            }
        }
    }

    @Test
    void stoicBarelyMoves() {
        for (Emotion e : Emotion.GOEMOTIONS) {
            assertTrue(Math.abs(after("stoic", e, 5).concession()) < 0.05, e.label());
        }
    }

    @Test
    void personaNamesAreCheckedWithAHelpfulMessage() {
        assertEquals(4, Personas.training().size());
        assertEquals(List.of("stoic", "volatile", "empathic"), Personas.heldOut().stream().map(Persona::name).toList());
        InputException e = assertThrows(InputException.class, () -> Personas.get("pirate"));
        assertTrue(e.getMessage().contains("vanilla") && e.getMessage().contains("empathic"), e.getMessage());
        assertEquals(7, Personas.parseList("training,heldout").size());
    }
}
