package dev.emodistill.rl;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.corpus.TransitionFixtures;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.emodistill.corpus.TransitionFixtures.episode;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateBuilderTest {
    private static final double EPS = 1e-6;
    private final StateBuilder builder = new StateBuilder(StateSchema.DEFAULT);

    /** Asserts the named features have the given values and every other feature is 0. */
    private static void assertState(StateSchema schema, float[] x, Map<String, Double> expected) {
        assertEquals(schema.dimension(), x.length);
        for (int i = 0; i < x.length; i++) {
            String name = schema.featureNames().get(i);
            assertEquals(expected.getOrDefault(name, 0.0), x[i], EPS, name);
        }
    }

    private static Map<String, Double> values(Object... pairs) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put((String) pairs[i], ((Number) pairs[i + 1]).doubleValue());
        }
        return m;
    }

    @Test
    void beforeAnythingIsSaidOnlyTheDefaultsAreSet() {
        float[] x = builder.build(TransitionFixtures.debtDeal(), 0);
        assertState(StateSchema.DEFAULT, x, values("offer_gap", 1, "focal_emotion=none", 1, "domain=debt", 1));
    }

    @Test
    void exactValuesBeforeTheSecondFocalTurn() {
        // focal 10 (pos 1, anger), cp 40 (pos 0, perceived annoyance): one counterparty step of 0, a stalemate
        float[] x = builder.build(TransitionFixtures.debtDeal(), 1);
        assertState(StateSchema.DEFAULT, x, values(
                "offer_gap", 1, "turn_progress", 0.2, "cp_stalemate", 0.2,
                "focal_emotion=anger", 1, "cp_perceived=annoyance", 1, "cp_perceived_ekman=anger", 1,
                "cp_perceived_ekman_mean=anger", 1, "domain=debt", 1));
    }

    @Test
    void exactValuesBeforeTheThirdFocalTurn() {
        // own standing 16 (pos 0.8); cp 40 -> 31 (pos 0 -> 0.3): steps 0 and 0.3
        float[] x = builder.build(TransitionFixtures.debtDeal(), 2);
        assertState(StateSchema.DEFAULT, x, values(
                "cp_concession_last", 0.3, "cp_concession_mean3", 0.15, "offer_gap", 0.5, "turn_progress", 0.4,
                "cp_offer_position", 0.3, "own_giveaway", 0.2, "cp_stalemate", 0,
                "focal_emotion=joy", 1,
                "cp_perceived=anger", 0.6, "cp_perceived=fear", 0.2, "cp_perceived=joy", 0.2,
                "cp_perceived_ekman=anger", 0.6, "cp_perceived_ekman=fear", 0.2, "cp_perceived_ekman=joy", 0.2,
                // the running mean over both counterparty messages: (annoyance 1) and (0.6, 0.2, 0.2)
                "cp_perceived_ekman_mean=anger", 0.8, "cp_perceived_ekman_mean=fear", 0.1,
                "cp_perceived_ekman_mean=joy", 0.1, "domain=debt", 1));
    }

    @Test
    void disasterPolarityUsesTheSameScale() {
        // disaster: pos(x) = (x - 30) / 60; own 78 (0.8), cp 30 -> 48 (0 -> 0.3)
        float[] x = builder.build(TransitionFixtures.disasterDeal(), 2);
        StateSchema s = StateSchema.DEFAULT;
        assertEquals(0.3, x[s.indexOf("cp_concession_last")], EPS);
        assertEquals(0.5, x[s.indexOf("offer_gap")], EPS);
        assertEquals(0.2, x[s.indexOf("own_giveaway")], EPS);
        assertEquals(1, x[s.indexOf("domain=disaster")], EPS);
        assertEquals(1, x[s.indexOf("focal_emotion=fear")], EPS);
    }

    @Test
    void meanOfTheLastThreeStepsAndTheStalemateRun() {
        // debt, H = 10; cp 40, 37, 37, 31, 34 = pos 0, 0.1, 0.1, 0.3, 0.2: steps 0, 0.1, 0, 0.2, -0.1
        CorpusEpisode e = episode("steps", Domain.DEBT, 10, 40).horizon(10)
                .focal(Emotion.ANGER, 10.0).cp(40.0)
                .focal(Emotion.ANGER, 12.0).cp(37.0)
                .focal(Emotion.ANGER, 14.0).cp(37.0)
                .focal(Emotion.ANGER, 16.0).cp(31.0)
                .focal(Emotion.ANGER, 18.0).cp(34.0)
                .timeout();
        float[] x = builder.build(e, 5);
        StateSchema s = StateSchema.DEFAULT;
        assertEquals(-0.1, x[s.indexOf("cp_concession_last")], EPS);
        assertEquals((0 + 0.2 - 0.1) / 3, x[s.indexOf("cp_concession_mean3")], EPS);
        assertEquals(0.1, x[s.indexOf("cp_stalemate")], EPS);
        assertEquals(22 / 30.0 - 0.2, x[s.indexOf("offer_gap")], EPS);
        assertEquals(0.2, x[s.indexOf("cp_offer_position")], EPS);
        assertEquals(1 - 22 / 30.0, x[s.indexOf("own_giveaway")], EPS);
        assertEquals(0.5, x[s.indexOf("turn_progress")], EPS);

        // the counterparty never moves: every reply is part of the stalemate
        float[] stuck = builder.build(TransitionFixtures.debtTimeout(), 3);
        assertEquals(1.0, stuck[s.indexOf("cp_stalemate")], EPS);
        assertEquals(1.0, stuck[s.indexOf("turn_progress")], EPS);
    }

    @Test
    void positionsAreClippedForTheState() {
        // cp -100 days is pos 4.67 on the raw scale; the state caps it at 2
        CorpusEpisode e = episode("clip", Domain.DEBT, 10, 40)
                .focal(Emotion.JOY, 10.0).cp(-100.0).timeout();
        float[] x = builder.build(e, 1);
        assertEquals(2, x[StateSchema.DEFAULT.indexOf("cp_offer_position")], EPS);
        assertEquals(2, x[StateSchema.DEFAULT.indexOf("cp_concession_last")], EPS);
    }

    @Test
    void focalEmotionIsOneHotWithANoneSlot() {
        CorpusEpisode control = episode("ctl", Domain.MEDICAL, 60, 30).policy("no-emotion")
                .focal(Emotion.NO_EMOTION, 60.0).cp(30.0).focal(Emotion.NO_EMOTION, 55.0).cp(33.0).timeout();
        for (CorpusEpisode e : List.of(TransitionFixtures.debtDeal(), TransitionFixtures.disasterDeal(),
                TransitionFixtures.debtTimeout(), control)) {
            int focalTurns = e.focalTurns().size();
            for (int t = 0; t <= focalTurns; t++) {
                float[] x = builder.build(e, t);
                float[] block = Arrays.copyOfRange(x, StateSchema.FOCAL_EMOTION_OFFSET,
                        StateSchema.FOCAL_EMOTION_OFFSET + StateSchema.FOCAL_EMOTION_FEATURES);
                int ones = 0;
                for (float v : block) {
                    assertTrue(v == 0f || v == 1f, "one-hot values are 0 or 1");
                    ones += v == 1f ? 1 : 0;
                }
                assertEquals(1, ones, e.episodeId() + " t=" + t);
                int expected = t == 0 || e.focalTurns().get(t - 1).emotion().isControl()
                        ? StateSchema.NO_FOCAL_EMOTION_SLOT : e.focalTurns().get(t - 1).emotion().index();
                assertEquals(1f, block[expected]);
            }
        }
    }

    @Test
    void domainFeaturesOffDropsExactlyTheLastFour() {
        StateBuilder agnostic = new StateBuilder(StateSchema.DOMAIN_AGNOSTIC);
        CorpusEpisode e = TransitionFixtures.disasterDeal();
        for (int t = 0; t <= 3; t++) {
            float[] full = builder.build(e, t);
            float[] reduced = agnostic.build(e, t);
            assertEquals(full.length - 4, reduced.length);
            assertEquals(StateSchema.DOMAIN_AGNOSTIC.dimension(), reduced.length);
            assertArrayEquals(Arrays.copyOf(full, reduced.length), reduced);
        }
    }

    @Test
    void liveTranscriptGivesTheSameStateAsTheLoggedPrefix() {
        CorpusEpisode e = TransitionFixtures.debtDeal();
        Scenario scenario = new Scenario(e.scenarioId(), e.domain(), e.focalTarget(), e.counterpartyTarget(), false,
                Map.of());
        List<Message> transcript = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            TurnContext ctx = new TurnContext(scenario, Role.FOCAL, t, e.horizon(), e.tolerance(), transcript);
            StateInput live = StateInput.fromTurn(ctx);
            assertEquals(StateInput.fromEpisode(e, t), live);
            assertArrayEquals(builder.build(e, t), builder.build(live));
            for (CorpusTurn turn : e.turns().subList(2 * t, 2 * t + 2)) {
                transcript.add(new Message(turn.index(), turn.speaker(), turn.turn(), turn.text(), turn.offer(),
                        turn.act(), turn.emotion(), turn.perceived()));
            }
        }
        TurnContext cp = new TurnContext(scenario, Role.COUNTERPARTY, 0, 5, 2, List.of());
        assertThrows(IllegalArgumentException.class, () -> StateInput.fromTurn(cp));
    }

    @Test
    void aStateAfterTheLastFocalTurnSeesTheWholeTranscript() {
        CorpusEpisode e = TransitionFixtures.debtDeal();
        assertEquals(e.turns().size(), StateInput.fromEpisode(e, 3).messages().size());
        assertThrows(IllegalArgumentException.class, () -> StateInput.fromEpisode(e, 4));
        // the counterparty accepted 22: it now stands on the focal offer, so the gap closes
        float[] x = builder.build(e, 3);
        assertEquals(0, x[StateSchema.DEFAULT.indexOf("offer_gap")], EPS);
        assertEquals(0.3, x[StateSchema.DEFAULT.indexOf("cp_concession_last")], EPS);
    }

    @Test
    void standingOffersFollowOneRule() {
        StandingOffers s = new StandingOffers();
        s.apply(Role.FOCAL, Act.ACCEPT, 12.0); // nothing to accept yet: the stated number stands
        assertEquals(12.0, s.standing(Role.FOCAL));
        s.apply(Role.COUNTERPARTY, Act.WALK_AWAY, 30.0);
        assertEquals(null, s.standing(Role.COUNTERPARTY));
        s.apply(Role.COUNTERPARTY, Act.OFFER, 30.0);
        s.apply(Role.FOCAL, Act.OFFER, null); // words without a number keep the old offer
        assertEquals(12.0, s.standing(Role.FOCAL));
        s.apply(Role.FOCAL, Act.ACCEPT, 99.0); // accepting takes the other side's offer, whatever the text says
        assertEquals(30.0, s.standing(Role.FOCAL));
    }
}
