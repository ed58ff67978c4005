package dev.emodistill.rl;

import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioGenerator;
import dev.emodistill.domain.ScenarioSplit;
import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.HeadRole;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Message;
import dev.emodistill.negotiation.ProtocolConfig;
import dev.emodistill.negotiation.Role;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.SimWorld;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evolutionary baseline against the real embedded world (MiniLM perception, the four training personas). */
class MarkovSimulatorTest {
    static final SimWorld WORLD = new SimWorld(ProtocolConfig.DEFAULT, Classifiers.builtin(HeadRole.PERCEPTION));
    static final ScenarioSplit SPLIT = ScenarioSplit.of(ScenarioGenerator.generate(Domain.DEBT, 30, 11));

    /** A chain that (all but) surely plays {@code first}, then {@code then} forever. */
    private static MarkovChain script(Emotion first, Emotion then) {
        double[] initial = new double[Emotion.COUNT];
        double[][] transition = new double[Emotion.COUNT][Emotion.COUNT];
        initial[first.index()] = 60;
        for (double[] row : transition) {
            row[then.index()] = 60;
        }
        return MarkovChain.ofLogits(initial, transition);
    }

    @Test
    void thePolicyFollowsTheChainFromTheEmotionItShowedLast() {
        Scenario s = SPLIT.train().get(0);
        for (boolean greedy : new boolean[]{false, true}) {
            EpisodeResult r = WORLD.play(s, Personas.get("vanilla"),
                    new MarkovChainPolicy(script(Emotion.ANGER, Emotion.GRATITUDE), greedy), 4);
            List<Emotion> shown = new ArrayList<>();
            for (Message m : r.messages()) {
                if (m.speaker() == Role.FOCAL) {
                    shown.add(m.emotion());
                }
            }
            assertTrue(shown.size() >= 2, "episode too short to test: " + shown);
            assertEquals(Emotion.ANGER, shown.get(0));
            assertTrue(shown.subList(1, shown.size()).stream().allMatch(e -> e == Emotion.GRATITUDE), shown.toString());
        }
        assertTrue(new MarkovChainPolicy(MarkovChain.uniform(), false).name().contains("(online)"));
    }

    @Test
    void everyChainOfAGenerationPlaysTheSameEpisodes() {
        MarkovChainConfig config = MarkovChainConfig.DEFAULT.withScenariosPerGeneration(3);
        MarkovSimulatorFitness fitness = new MarkovSimulatorFitness(WORLD, SPLIT.train(), Personas.training(), config,
                21, 2);
        MarkovChain a = MarkovChainTest.random(1, 3);
        MarkovChain b = MarkovChainTest.random(2, 3);
        double[] f = fitness.evaluate(List.of(a, b, a), 0);
        // Common random numbers: the same chain in the same generation scores exactly the same.
        assertEquals(f[0], f[2]);
        assertEquals(12, fitness.episodesPerChain());
        // And the result does not depend on the number of workers.
        MarkovSimulatorFitness serial = new MarkovSimulatorFitness(WORLD, SPLIT.train(), Personas.training(), config,
                21, 1);
        assertArrayEquals(f, serial.evaluate(List.of(a, b, a), 0));
        // Another generation draws other scenarios (and seeds).
        assertTrue(!fitness.scenarios(0).equals(fitness.scenarios(1)));
        assertEquals(3, fitness.scenarios(1).size());
        assertTrue(SPLIT.train().containsAll(fitness.scenarios(1)), "only training scenarios");
    }

    @Test
    void aFewGenerationsImproveTheFitnessAndBeatTheRandomChainOnFreshEpisodes() {
        List<Scenario> training = SPLIT.train().subList(0, 8);
        // All 8 scenarios every generation, so generations differ only in their episode seeds.
        MarkovChainConfig config = new MarkovChainConfig(16, 10, 2, 3, 0.7, 0.05, 1.0, 3.0, 8, 1, false);
        MarkovEvolutionResult r = MarkovChainEvolution.train(WORLD, training, Personas.training(), config, 3, 2, null);
        List<Double> mean = r.meanFitness();
        assertTrue(mean.get(mean.size() - 1) > mean.get(0), "population mean fitness " + mean);
        assertEquals("simulator", r.fitness().get("type").asText());
        assertEquals(32, r.fitness().get("episodes_per_chain").asInt());

        // Fresh episodes (another seed) on the held-out scenarios, 3 per (scenario, persona), the same for both.
        MarkovChainConfig fresh = new MarkovChainConfig(2, 1, 0, 1, 0, 0, 0, 0, SPLIT.test().size(), 3, false);
        MarkovSimulatorFitness judge = new MarkovSimulatorFitness(WORLD, SPLIT.test(), Personas.training(), fresh,
                999, 2);
        double[] f = judge.evaluate(List.of(r.best(), MarkovChain.uniform()), 0);
        assertTrue(f[0] > f[1] + 0.02, "evolved " + f[0] + " vs random chain " + f[1]);
    }

    @Test
    void trainingIsReproducible() {
        List<Scenario> training = SPLIT.train().subList(0, 4);
        MarkovChainConfig config = new MarkovChainConfig(6, 3, 1, 2, 0.7, 0.1, 1.0, 3.0, 2, 1, false);
        MarkovEvolutionResult a = MarkovChainEvolution.train(WORLD, training, Personas.training(), config, 8, 2, null);
        MarkovEvolutionResult b = MarkovChainEvolution.train(WORLD, training, Personas.training(), config, 8, 1, null);
        assertEquals(a.best(), b.best());
        assertEquals(a.bestFitness(), b.bestFitness());
    }
}
