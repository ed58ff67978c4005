package dev.emodistill.rl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.corpus.CounterpartyView;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.CounterpartyUtility;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TurnContext;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.SimWorld;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The counterparty's mirrored state: offline, live and as the focal state of a mirrored episode, all the same. */
class MirroredStateTest {
    private static final SimWorld WORLD = new SimWorld(ProtocolConfig.DEFAULT, Classifiers.builtin(HeadRole.PERCEPTION))
            .withFocalResponse(Personas.get("vanilla"));
    private static final StateSchema CP = StateSchema.DEFAULT.forRole(Role.COUNTERPARTY);

    /** Random counterparty emotions, recording the live mirrored state at every counterparty turn. */
    private static final class Recording implements EmotionPolicy {
        final StateBuilder builder = StateBuilder.counterparty(CP);
        final List<float[]> states = new ArrayList<>();
        final EmotionPolicy random = EmotionPolicies.random();

        @Override
        public Emotion choose(TurnContext context, SplittableRandom rng) {
            states.add(builder.build(context));
            return random.choose(context, rng);
        }

        @Override
        public String name() {
            return "random";
        }
    }

    /** The episode with the counterparty as the focal agent, written out by hand: speakers and targets swapped. */
    private static CorpusEpisode mirroredByHand(CorpusEpisode played) {
        List<CorpusTurn> turns = new ArrayList<>();
        for (CorpusTurn t : played.turns()) {
            Role swapped = t.speaker() == Role.FOCAL ? Role.COUNTERPARTY : Role.FOCAL;
            turns.add(new CorpusTurn(t.index(), swapped, t.turn(), t.act(), t.emotion(), t.text(), t.offer(),
                    t.perceived(), null, null));
        }
        int own = (int) turns.stream().filter(CorpusTurn::isFocal).count();
        double u = played.outcome() == Outcome.DEAL ? 1 - played.utility() : 0;
        return new CorpusEpisode(played.episodeId(), played.scenarioId(), played.domain(), played.persona(), "random",
                0, played.seed(), played.counterpartyTarget(), played.focalTarget(), played.tolerance(),
                played.horizon(), played.outcome(), played.dealValue(), u, own,
                played.endedBy() == null ? null : played.endedBy().other(), null, turns);
    }

    @Test
    void theMirroredStateIsTheFocalStateOfTheMirroredEpisodeOfflineAndLive() {
        StateBuilder focal = new StateBuilder(StateSchema.DEFAULT);
        StateBuilder counterparty = StateBuilder.counterparty(CP);
        int compared = 0;
        for (Domain d : List.of(Domain.DEBT, Domain.DISASTER)) {
            for (Scenario s : ScenarioGenerator.generate(d, 3, 5)) {
                for (Persona p : Personas.training()) {
                    Recording live = new Recording();
                    long seed = s.id().hashCode() * 31L + p.name().hashCode();
                    EpisodeResult r = WORLD.withCounterparty((sc, persona, g, es) ->
                            SimWorld.counterparty(persona, live, g, es), "recording")
                            .play(s, p, EmotionPolicies.random(), seed);
                    assertTrue(r.outcome() != Outcome.ERROR, r.error());
                    CorpusEpisode played = CorpusEpisode.of("e", p.name(), CounterpartyView.policyLabel("random"), 0,
                            seed, WORLD.protocol().horizon(), WORLD.protocol().tolerance().units(s), r);
                    CorpusEpisode mirrored = mirroredByHand(played);
                    int turns = mirrored.focalTurns().size();
                    assertEquals(live.states.size(), turns);
                    for (int t = 0; t <= turns; t++) {
                        float[] expected = focal.build(mirrored, t);
                        assertArrayEquals(expected, counterparty.build(played, t), "offline, turn " + t);
                        if (t < turns) {
                            assertArrayEquals(expected, live.states.get(t), "live, turn " + t);
                        }
                        compared++;
                    }
                    assertEquals(CounterpartyUtility.of(r), CounterpartyView.mirror(played).utility(), 1e-12);
                }
            }
        }
        assertTrue(compared > 40, "compared " + compared + " states");
    }

    @Test
    void atItsFirstTurnTheCounterpartySeesTheFocalOpeningAsTheOtherSidesOffer() {
        Scenario s = ScenarioGenerator.generate(Domain.DEBT, 1, 8).get(0);
        Recording live = new Recording();
        WORLD.withCounterparty((sc, persona, g, es) -> SimWorld.counterparty(persona, live, g, es), "recording")
                .play(s, Personas.get("vanilla"), EmotionPolicies.fixed(Emotion.ANGER), 99);
        float[] x = live.states.get(0);
        // The focal agent opens at its target T_f: pos = 1, so pos' = 0 (the other side stands at its own target);
        // the counterparty has no offer yet, so it stands at its own target, pos' = 1.
        assertEquals(0, x[CP.indexOf("cp_offer_position")], 1e-6);
        assertEquals(0, x[CP.indexOf("own_giveaway")], 1e-6);
        assertEquals(1, x[CP.indexOf("offer_gap")], 1e-6);
        assertEquals(0, x[CP.indexOf("turn_progress")], 1e-6);
        assertEquals(1, x[CP.indexOf("focal_emotion=none")], 1e-6, "its own last emotion: none yet");
        assertTrue(x[CP.indexOf("cp_perceived_ekman=anger")] > 0.3, "the other side's anger is what it perceives");
    }

    @Test
    void theSchemaRecordsTheRoleAndEachBuilderRefusesTheOtherRole() {
        ObjectNode json = CP.toJson();
        assertEquals("counterparty", json.path("role").asText());
        assertFalse(StateSchema.DEFAULT.toJson().has("role"), "focal JSON is unchanged");
        assertEquals(CP, StateSchema.fromJson(json));
        assertEquals(StateSchema.DEFAULT, StateSchema.fromJson(StateSchema.DEFAULT.toJson()));
        assertFalse(CP.equals(StateSchema.DEFAULT));
        assertEquals(StateSchema.DEFAULT.featureNames(), CP.featureNames(), "same layout, mirrored meaning");
        json.put("role", "referee");
        assertThrows(InputException.class, () -> StateSchema.fromJson(json));

        InputException asFocal = assertThrows(InputException.class, () -> new StateBuilder(CP));
        assertTrue(asFocal.getMessage().contains("counterparty role"), asFocal.getMessage());
        InputException asCp = assertThrows(InputException.class, () -> StateBuilder.counterparty(StateSchema.DEFAULT));
        assertTrue(asCp.getMessage().contains("focal role"), asCp.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MirroredState.fromTurn(new TurnContext(
                ScenarioGenerator.generate(Domain.DEBT, 1, 1).get(0), Role.FOCAL, 0, 15, 1, List.of())));
    }
}
