package dev.emodistill.rl;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.corpus.Rewards;
import dev.emodistill.corpus.TransitionDataset;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.domain.ScenarioSplit;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.sim.EpisodeRunner;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tabular Q-learning end to end: a random-behaviour sweep, its dataset, the policy acting in the real world. */
class TabularSimulatorTest {
    static final SimWorld WORLD = new SimWorld(ProtocolConfig.DEFAULT, Classifiers.builtin(HeadRole.PERCEPTION));
    static final ScenarioSplit SPLIT = ScenarioSplit.of(ScenarioGenerator.generate(Domain.DEBT, 30, 11));
    static TabularPolicy policy;

    private static CorpusEpisode record(EpisodeRunner.Task task, EpisodeResult r, int i) {
        return CorpusEpisode.of("e" + i, task.persona().name(), "random", 0, task.seed(), WORLD.protocol().horizon(),
                WORLD.protocol().tolerance().units(r.scenario()), r);
    }

    @BeforeAll
    static void trainOnARandomSweep() {
        List<EpisodeRunner.Task> tasks = new ArrayList<>();
        for (Scenario s : SPLIT.train()) {
            for (Persona p : Personas.training()) {
                for (int k = 0; k < 4; k++) {
                    tasks.add(new EpisodeRunner.Task(s, p, EmotionPolicies::random, Seeds.derive(5, s.id(), p.name(), k)));
                }
            }
        }
        List<EpisodeResult> results = EpisodeRunner.run(WORLD, tasks, 2, () -> { });
        List<CorpusEpisode> episodes = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            episodes.add(record(tasks.get(i), results.get(i), i));
        }
        TransitionDataset data = TransitionDataset.build(episodes, Rewards.defaultReward(), StateSchema.DEFAULT,
                "memory", "none");
        policy = TabularQLearning.train(data, TabularQConfig.DEFAULT, 1);
    }

    private static double meanUtility(Supplier<EmotionPolicy> p) {
        List<EpisodeRunner.Task> tasks = new ArrayList<>();
        for (Scenario s : SPLIT.test()) {
            for (Persona persona : Personas.training()) {
                for (int k = 0; k < 3; k++) {
                    tasks.add(new EpisodeRunner.Task(s, persona, p, Seeds.derive(77, s.id(), persona.name(), k)));
                }
            }
        }
        return EpisodeRunner.run(WORLD, tasks, 2, () -> { }).stream().mapToDouble(EpisodeResult::utility).average()
                .orElseThrow();
    }

    @Test
    void livePlayUsesTheSameStatesAsTheOfflineDataset() {
        EpisodeRunner.Task task = new EpisodeRunner.Task(SPLIT.test().get(0), Personas.get("threat"), () -> policy, 9);
        EpisodeResult r = WORLD.play(task.scenario(), task.persona(), policy, task.seed());
        CorpusEpisode logged = record(task, r, 0);
        StateBuilder states = new StateBuilder(StateSchema.DEFAULT);
        List<CorpusTurn> focal = logged.focalTurns();
        assertTrue(focal.size() >= 2);
        for (int t = 0; t < focal.size(); t++) {
            assertEquals(policy.act(states.build(logged, t)), focal.get(t).emotion(), "focal turn " + t);
        }
        assertEquals("tabular-q", policy.name());
    }

    @Test
    void beatsTheRandomPolicyOnHeldOutScenarios() {
        double tabular = meanUtility(() -> policy);
        double random = meanUtility(EmotionPolicies::random);
        assertTrue(tabular > random + 0.03, "tabular " + tabular + " vs random " + random);
    }
}
