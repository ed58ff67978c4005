package dev.emodistill.rl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.corpus.TransitionFixtures;
import dev.emodistill.domain.Scenario;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The optional reduced sentence embedding of the state, on the real MiniLM model. */
class TextFeaturesTest {
    private static final int K = 16;
    private static final StateSchema SCHEMA = StateSchema.of(true, K);

    @Test
    void theTextBlockIsAppendedAndRecordedInTheSchema() {
        assertEquals(StateSchema.DEFAULT.dimension() + K, SCHEMA.dimension());
        assertEquals(StateSchema.DEFAULT.featureNames(), SCHEMA.featureNames().subList(0, StateSchema.DEFAULT.dimension()));
        assertEquals("cp_text_15", SCHEMA.featureNames().get(SCHEMA.dimension() - 1));
        assertEquals(SCHEMA, StateSchema.fromJson(SCHEMA.toJson()));
        assertEquals(StateSchema.DEFAULT, StateSchema.fromJson(StateSchema.DEFAULT.toJson()));
        assertFalse(StateSchema.DEFAULT.toJson().has("text_features"), "off: the version-2 JSON is unchanged");

        ObjectNode otherProjection = SCHEMA.toJson();
        otherProjection.put("text_projection", "something else");
        InputException e = assertThrows(InputException.class, () -> StateSchema.fromJson(otherProjection));
        assertTrue(e.getMessage().contains("text_projection"), e.getMessage());
    }

    @Test
    void projectionsIgnoreDigitsSeparateMeaningsAndHaveUnitScale() {
        TextFeatures text = TextFeatures.shared(K);
        float[] a = text.project("I can pay in 30 days. That is my final word.");
        float[] same = text.project("I can pay in 45 days. That is my final word.");
        float[] other = text.project("This is outrageous, you people are ruining my life!");
        assertArrayEquals(a, same, "digits are masked");
        assertTrue(distance(a, other) > 0.5 * Math.sqrt(K) * 0.3, "different messages, different features");
        double sq = 0;
        for (float v : a) {
            sq += v * v;
        }
        assertTrue(sq > 0.2 * K && sq < 4.0 * K, "components are of order 1: |v|^2 = " + sq);
        assertArrayEquals(new float[K], text.project(""));
    }

    @Test
    void liveAndLoggedStatesAgreeIncludingTheText() {
        StateBuilder builder = new StateBuilder(SCHEMA);
        CorpusEpisode e = TransitionFixtures.debtDeal();
        Scenario scenario = new Scenario(e.scenarioId(), e.domain(), e.focalTarget(), e.counterpartyTarget(), false,
                Map.of());
        List<Message> transcript = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            TurnContext ctx = new TurnContext(scenario, Role.FOCAL, t, e.horizon(), e.tolerance(), transcript);
            float[] logged = builder.build(e, t);
            assertArrayEquals(logged, builder.build(StateInput.fromTurn(ctx)));
            float[] block = Arrays.copyOfRange(logged, SCHEMA.textOffset(), SCHEMA.dimension());
            if (t == 0) {
                assertArrayEquals(new float[K], block, "no counterparty message yet");
            } else {
                assertFalse(Arrays.equals(new float[K], block));
                CorpusTurn lastReply = e.turns().get(2 * t - 1);
                assertEquals(Role.COUNTERPARTY, lastReply.speaker());
                assertArrayEquals(TextFeatures.shared(K).project(lastReply.text()), block,
                        "the block is the projection of the counterparty's last message");
            }
            float[] plain = new StateBuilder(StateSchema.DEFAULT).build(e, t);
            assertArrayEquals(plain, Arrays.copyOf(logged, plain.length), "the other features are unchanged");
            for (CorpusTurn turn : e.turns().subList(2 * t, 2 * t + 2)) {
                transcript.add(new Message(turn.index(), turn.speaker(), turn.turn(), turn.text(), turn.offer(),
                        turn.act(), turn.emotion(), turn.perceived()));
            }
        }
    }

    @Test
    void aProjectionOfTheWrongSizeIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new StateBuilder(SCHEMA, TextFeatures.shared(K / 2)));
        assertThrows(IllegalArgumentException.class, () -> StateSchema.of(true, StateSchema.MAX_TEXT_FEATURES + 1));
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
