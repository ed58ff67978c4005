package dev.emodistill.rl;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CounterpartyTransitions;
import dev.emodistill.corpus.CounterpartyView;
import dev.emodistill.corpus.Rewards;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.eval.Tournament;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.Tolerance;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Known answer for the whole counterparty pipeline (sweep, mirrored transitions, IQL, live mirrored states): a focal
 * agent whose only reaction to emotion is a large, unfading sympathy concession for displayed distress. A counterparty
 * selector trained on random displays (the pipeline's IQL settings: standardised rewards) must learn to show distress,
 * beat a random counterparty on its own utility and come close to the known best, always showing sadness. The body is
 * the hard-bargaining pressure persona, so most of what the counterparty gains comes from the focal agent's sympathy.
 */
class CounterpartySelectorTest {
    private static final Set<Emotion> DISTRESS = Set.of(Emotion.SADNESS, Emotion.GRIEF, Emotion.DISAPPOINTMENT,
            Emotion.REMORSE);

    /** Sympathy and nothing else: 0.5 of the span per turn at full sadness, never fatigued, never walks away. */
    static Persona sympathetic() {
        return new Persona("sympathetic", "test: concedes to distress only", true, 0.4, 0.6, 0.8, 1.0, 0.02, 0, 0, 1,
                0.8, 0, 0, 0, 0, 0.5, 1e6, 0, 0, 0, 0, 0, 0, 0, 0, Map.of(Emotion.NEUTRAL, 1.0),
                Map.of(Emotion.ANGER, 1.0));
    }

    @Test
    void aTrainedCounterpartyLearnsToShowDistressAndBeatsARandomOne() {
        SimWorld world = new SimWorld(new ProtocolConfig(12, Tolerance.DEFAULT),
                Classifiers.builtin(HeadRole.PERCEPTION)).withFocalResponse(sympathetic());
        Persona body = Personas.get("pressure");
        List<CorpusEpisode> corpus = new ArrayList<>();
        for (Scenario s : ScenarioGenerator.generate(Domain.DEBT, 16, 21)) {
            for (int k = 0; k < 16; k++) {
                long seed = Seeds.derive(5, s.id(), k);
                EpisodeResult r = world.withCounterparty((sc, p, g, es) -> SimWorld.counterparty(p,
                        EmotionPolicies.random(), g, es), "random").play(s, body, EmotionPolicies.fixed(Emotion.NEUTRAL),
                        seed);
                corpus.add(CorpusEpisode.of(s.id() + "/" + k, body.name(), CounterpartyView.policyLabel("random"), k,
                        seed, world.protocol().horizon(), world.protocol().tolerance().units(s), r));
            }
        }
        StateSchema schema = StateSchema.DEFAULT.forRole(Role.COUNTERPARTY);
        CounterpartyTransitions.Built built = CounterpartyTransitions.build(corpus, Rewards.defaultReward(), schema);
        OfflineData data = OfflineData.from(built.transitions(), schema.dimension(), schema, null);
        IqlConfig config = IqlConfig.defaults(1500, 3).withNetwork(64, 2)
                .withLearning(0.7, 3, RewardScaling.STANDARDIZE);
        SelectorModel model = Iql.train(data, schema, config, s -> { }).model();
        assertEquals(schema, model.schema());

        List<Scenario> heldOut = ScenarioGenerator.generate(Domain.DEBT, 8, 77);
        Tournament.Result r = Tournament.run(world,
                List.of(Tournament.FocalAgent.of("neutral", () -> EmotionPolicies.fixed(Emotion.NEUTRAL))),
                List.of(new Tournament.CounterpartyAgent("trained", body,
                                k -> LearnedPolicy.counterparty("trained", model, 0)),
                        new Tournament.CounterpartyAgent("random", body, k -> EmotionPolicies.random()),
                        new Tournament.CounterpartyAgent("always sad", body,
                                k -> EmotionPolicies.fixed(Emotion.SADNESS)),
                        new Tournament.CounterpartyAgent("always neutral", body,
                                k -> EmotionPolicies.fixed(Emotion.NEUTRAL))),
                heldOut, 3, 9, 1, () -> { });
        double trained = r.match("neutral", "trained").counterpartyExpectedUtility();
        double random = r.match("neutral", "random").counterpartyExpectedUtility();
        double sad = r.match("neutral", "always sad").counterpartyExpectedUtility();
        double neutral = r.match("neutral", "always neutral").counterpartyExpectedUtility();
        assertTrue(sad > neutral + 0.1, "the toy effect is large: sad " + sad + " vs neutral " + neutral);
        assertTrue(trained > random + 0.05, "trained " + trained + " vs random " + random);
        assertTrue(trained > sad - 0.05, "near the known best (always distressed): " + trained + " vs " + sad);
        assertTrue(r.counterparty().stream().map(Tournament.Standing::agent).toList().indexOf("trained")
                < r.counterparty().stream().map(Tournament.Standing::agent).toList().indexOf("random"));

        int shown = 0;
        int distress = 0;
        for (Tournament.Episode e : r.episodes()) {
            if (e.counterparty().equals("trained")) {
                for (Message m : e.result().messages()) {
                    if (m.speaker() == Role.COUNTERPARTY) {
                        shown++;
                        distress += DISTRESS.contains(m.emotion()) ? 1 : 0;
                    }
                }
            }
        }
        assertTrue(distress > shown / 2, distress + " of " + shown + " counterparty turns show distress");
    }
}
