package dev.emodistill.sim;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The embedded world end to end with the real MiniLM perception head. */
class SimWorldTest {
    static final SimWorld WORLD = new SimWorld(ProtocolConfig.DEFAULT, Classifiers.builtin(HeadRole.PERCEPTION));

    @Test
    void everyMessageStatesItsNumberInTheDomainUnitAndTheParserReadsItBack() {
        for (Domain d : Domain.values()) {
            for (Scenario s : ScenarioGenerator.generate(d, 10, 2)) {
                for (Persona p : Personas.all()) {
                    EpisodeResult r = WORLD.play(s, p, EmotionPolicies.random(), Seeds.derive(1, s.id(), p.name()));
                    assertTrue(r.outcome() != Outcome.ERROR, r.error());
                    for (Message m : r.messages()) {
                        if (m.act() == Act.WALK_AWAY) {
                            continue;
                        }
                        assertNotNull(m.offer(), "no offer parsed from: " + m.text());
                        double step = SimWorld.granularity(d);
                        assertEquals(0, Math.abs(m.offer() / step - Math.rint(m.offer() / step)), 1e-9, m.text());
                    }
                }
            }
        }
    }

    @Test
    void theSameSeedReplaysTheSameEpisode() {
        Scenario s = ScenarioGenerator.generate(Domain.MEDICAL, 1, 4).get(0);
        Persona p = Personas.get("threat");
        EpisodeResult a = WORLD.play(s, p, EmotionPolicies.random(), 42);
        EpisodeResult b = WORLD.play(s, p, EmotionPolicies.random(), 42);
        assertEquals(EpisodeJson.toJson(a), EpisodeJson.toJson(b));
        EpisodeResult c = WORLD.play(s, p, EmotionPolicies.random(), 43);
        assertTrue(!EpisodeJson.toJson(a).equals(EpisodeJson.toJson(c)), "another seed, another episode");
    }

    @Test
    void resultsDoNotDependOnTheNumberOfWorkers() {
        List<EpisodeRunner.Task> tasks = new ArrayList<>();
        List<Scenario> scenarios = ScenarioGenerator.generate(Domain.DISASTER, 12, 9);
        for (int i = 0; i < 48; i++) {
            tasks.add(new EpisodeRunner.Task(scenarios.get(i % 12), Personas.training().get(i % 4),
                    EmotionPolicies::random, Seeds.derive(5, i)));
        }
        List<EpisodeResult> one = EpisodeRunner.run(WORLD, tasks, 1, () -> { });
        List<EpisodeResult> two = EpisodeRunner.run(WORLD, tasks, 2, () -> { });
        for (int i = 0; i < tasks.size(); i++) {
            assertEquals(EpisodeJson.toJson(one.get(i)), EpisodeJson.toJson(two.get(i)));
        }
    }

    @Test
    void focalChoosesCounterpartyPersonaShowsItsPalette() {
        Scenario s = ScenarioGenerator.generate(Domain.DEBT, 1, 1).get(0);
        Set<Emotion> shown = EnumSet.noneOf(Emotion.class);
        for (int seed = 0; seed < 20; seed++) {
            EpisodeResult r = WORLD.play(s, Personas.get("victim"), EmotionPolicies.fixed(Emotion.CARING), seed);
            for (Message m : r.messages()) {
                if (m.speaker() == Role.FOCAL) {
                    assertEquals(Emotion.CARING, m.emotion());
                } else {
                    shown.add(m.emotion());
                }
            }
        }
        assertTrue(shown.contains(Emotion.SADNESS) && shown.contains(Emotion.FEAR), shown.toString());
        assertTrue(!shown.contains(Emotion.JOY), "victim's palette has no joy: " + shown);
    }

    @Test
    void outcomesIncludeDealsWalkAwaysAndTimeouts() {
        Set<Outcome> seen = EnumSet.noneOf(Outcome.class);
        List<Scenario> scenarios = ScenarioGenerator.generate(Domain.DEBT, 30, 3);
        for (Scenario s : scenarios) {
            seen.add(WORLD.play(s, Personas.get("threat"), EmotionPolicies.fixed(Emotion.ANGER), 1).outcome());
            seen.add(WORLD.play(s, Personas.get("vanilla"), EmotionPolicies.fixed(Emotion.SADNESS), 1).outcome());
            seen.add(WORLD.play(s, Personas.get("stoic"), EmotionPolicies.fixed(Emotion.NEUTRAL), 1).outcome());
        }
        assertTrue(seen.containsAll(EnumSet.of(Outcome.DEAL, Outcome.WALKAWAY)), seen.toString());
    }
}
