package dev.emodistill.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.SweepConfig;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.Agent;
import dev.emodistill.negotiation.CounterpartyUtility;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EmotionResponseProfile;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Negotiation;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Role;
import dev.emodistill.negotiation.TimeDependentTactic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --focal-response}: off it changes nothing, on the counterparty's emotions move the focal agent. */
class FocalResponseTest {
    private static final EmotionClassifier PERCEPTION = Classifiers.builtin(HeadRole.PERCEPTION);
    private static final SimWorld DEFAULT = new SimWorld(ProtocolConfig.DEFAULT, PERCEPTION);

    /** The default focal agent written out the way the world has always built it, independently of SimWorld.play. */
    private static EpisodeResult defaultPath(Scenario s, Persona p, EmotionPolicy policy, long seed) {
        SplittableRandom setup = new SplittableRandom(Seeds.derive(seed, "focal-tactic"));
        double floor = SimWorld.FOCAL_FLOOR_LOW + setup.nextDouble() * (SimWorld.FOCAL_FLOOR_HIGH - SimWorld.FOCAL_FLOOR_LOW);
        double exponent = SimWorld.FOCAL_EXPONENT_LOW
                + setup.nextDouble() * (SimWorld.FOCAL_EXPONENT_HIGH - SimWorld.FOCAL_EXPONENT_LOW);
        TimeDependentTactic tactic = new TimeDependentTactic(1, floor, exponent, SimWorld.FOCAL_NOISE,
                SimWorld.granularity(s.domain()));
        Agent focal = new Agent(policy, TemplateExpresser.focal(), tactic, EmotionResponseProfile.INSENSITIVE,
                Seeds.derive(seed, "focal"));
        return Negotiation.run(s, focal, SimWorld.counterparty(p, SimWorld.granularity(s.domain()), seed),
                ProtocolConfig.DEFAULT, PERCEPTION);
    }

    @Test
    void offTheWorldPlaysExactlyTheDefaultPath() {
        int episodes = 0;
        for (Domain d : List.of(Domain.DEBT, Domain.STUDENT)) {
            for (Scenario s : ScenarioGenerator.generate(d, 3, 3)) {
                for (Persona p : Personas.training()) {
                    long seed = Seeds.derive(7, s.id(), p.name());
                    String expected = EpisodeJson.toJson(defaultPath(s, p, EmotionPolicies.random(), seed)).toString();
                    assertEquals(expected, EpisodeJson.toJson(DEFAULT.play(s, p, EmotionPolicies.random(), seed))
                            .toString());
                    assertEquals(expected, EpisodeJson.toJson(DEFAULT.withFocalResponse(null)
                            .play(s, p, EmotionPolicies.random(), seed)).toString());
                    episodes++;
                }
            }
        }
        assertEquals(24, episodes);
        assertNull(DEFAULT.focalResponse());
    }

    @Test
    void offTheSweepConfigKeepsItsFingerprint() {
        ObjectNode source = Json.object().put("type", "generated").put("count", 10).put("seed", 1);
        SweepConfig before = new SweepConfig(Domain.DEBT, source, "train", 2, "random", List.of("vanilla"), List.of(),
                1, 30, "t", "p", null);
        SweepConfig off = before.withFocalResponse(null);
        assertEquals(before.fingerprint(), off.fingerprint());
        assertTrue(!before.toJson().has("role") && !before.toJson().has("focal_response"));
        assertNotEquals(before.fingerprint(), before.withFocalResponse("vanilla").fingerprint());
        assertNotEquals(before.fingerprint(), before.inCounterpartyRole("random").fingerprint());
        assertEquals("counterparty", before.inCounterpartyRole("random").toJson().path("role").asText());
    }

    /** Offers of one side, in order. */
    private static List<Double> offers(EpisodeResult r, Role who) {
        return r.messages().stream().filter(m -> m.speaker() == who).map(Message::offer).toList();
    }

    @Test
    void theCounterpartysEmotionsMoveTheFocalAgentOnlyWhenTheOptionIsOn() {
        SimWorld on = DEFAULT.withFocalResponse(Personas.get("vanilla"));
        Persona body = Personas.get("vanilla");
        double sadOn = 0;
        double neutralOn = 0;
        int n = 0;
        for (Scenario s : ScenarioGenerator.generate(Domain.DEBT, 6, 11)) {
            for (int k = 0; k < 3; k++) {
                long seed = Seeds.derive(3, s.id(), k);
                EpisodeResult[] off = new EpisodeResult[2];
                EpisodeResult[] played = new EpisodeResult[2];
                Emotion[] shown = {Emotion.SADNESS, Emotion.NEUTRAL};
                for (int i = 0; i < 2; i++) {
                    Emotion e = shown[i];
                    SimWorld.CounterpartyFactory cp = (sc, p, g, es) -> SimWorld.counterparty(p,
                            EmotionPolicies.fixed(e), g, es);
                    off[i] = DEFAULT.withCounterparty(cp, "fixed").play(s, body, EmotionPolicies.fixed(Emotion.NEUTRAL),
                            seed);
                    played[i] = on.withCounterparty(cp, "fixed").play(s, body, EmotionPolicies.fixed(Emotion.NEUTRAL),
                            seed);
                }
                // Off, the focal agent ignores what it perceives: its offers and the outcome cannot depend on the
                // counterparty's displayed emotion.
                assertEquals(offers(off[0], Role.FOCAL), offers(off[1], Role.FOCAL));
                assertEquals(off[0].utility(), off[1].utility());
                sadOn += CounterpartyUtility.of(played[0]);
                neutralOn += CounterpartyUtility.of(played[1]);
                n++;
            }
        }
        // On, with the vanilla profile, sustained sadness earns sympathy concessions from the focal agent.
        assertTrue(sadOn / n > neutralOn / n + 0.02, "sad " + sadOn / n + " vs neutral " + neutralOn / n);
    }
}
