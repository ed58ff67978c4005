package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The genetic algorithm on a synthetic fitness whose optimum is known, and the checkpoint. */
class MarkovChainEvolutionTest {
    /**
     * The toy task: the best 8-turn sequence is anger, sadness, then gratitude to the end. A first-order chain can
     * represent it exactly (anger → sadness → gratitude → gratitude), so the optimum fitness is 1.
     */
    private static final Emotion[] TARGET = {Emotion.ANGER, Emotion.SADNESS, Emotion.GRATITUDE, Emotion.GRATITUDE,
            Emotion.GRATITUDE, Emotion.GRATITUDE, Emotion.GRATITUDE, Emotion.GRATITUDE};

    /** Exact expected fraction of turns on the target sequence, by propagating the chain's marginals. */
    static double toy(MarkovChain c) {
        double[] p = c.initialProbabilities();
        double hits = 0;
        for (Emotion target : TARGET) {
            hits += p[target.index()];
            double[] next = new double[Emotion.COUNT];
            for (int i = 0; i < Emotion.COUNT; i++) {
                double[] row = c.transitionProbabilities(Emotion.ofIndex(i));
                for (int j = 0; j < Emotion.COUNT; j++) {
                    next[j] += p[i] * row[j];
                }
            }
            p = next;
        }
        return hits / TARGET.length;
    }

    private static final MarkovFitness TOY = (population, generation) ->
            population.stream().mapToDouble(MarkovChainEvolutionTest::toy).toArray();

    @TempDir
    Path dir;

    @Test
    void fitnessClimbsFarAboveTheRandomChainOnAKnownOptimum() {
        MarkovEvolutionResult r = MarkovChainEvolution.evolve(TOY, MarkovChainConfig.DEFAULT.withGenerations(40), 1,
                null);
        double random = toy(MarkovChain.uniform());
        assertEquals(1.0 / Emotion.COUNT, random, 1e-12);
        assertEquals(40, r.generations());
        assertTrue(r.finalBestFitness() > 0.6, "best " + r.finalBestFitness());
        assertTrue(r.finalBestFitness() > 10 * random);
        assertEquals(toy(r.best()), r.finalBestFitness(), 1e-12, "the result is the chain that scored best");
        List<Double> mean = r.meanFitness();
        assertTrue(mean.get(mean.size() - 1) > 3 * mean.get(0), mean.toString());
        // Most of the score is in the long gratitude tail, which needs gratitude to be (nearly) absorbing.
        assertEquals(Emotion.GRATITUDE, r.best().mostLikely(Emotion.GRATITUDE));
        assertTrue(r.best().transitionProbabilities(Emotion.GRATITUDE)[Emotion.GRATITUDE.index()] > 0.8);
    }

    @Test
    void withADeterministicFitnessElitismNeverLosesTheBest() {
        MarkovEvolutionResult r = MarkovChainEvolution.evolve(TOY, MarkovChainConfig.DEFAULT, 2, null);
        List<Double> best = r.bestFitness();
        for (int g = 1; g < best.size(); g++) {
            assertTrue(best.get(g) >= best.get(g - 1), "generation " + g + ": " + best);
        }
    }

    @Test
    void theFirstGenerationContainsTheUniformChain() {
        double[] seen = new double[1];
        MarkovChainEvolution.evolve((population, g) -> {
            if (g == 0) {
                seen[0] = population.contains(MarkovChain.uniform()) ? 1 : 0;
            }
            return new double[population.size()];
        }, MarkovChainConfig.DEFAULT.withGenerations(1), 3, null);
        assertEquals(1, seen[0]);
    }

    @Test
    void sameSeedSameRunAnotherSeedAnotherRun() {
        MarkovChainConfig config = MarkovChainConfig.DEFAULT.withGenerations(8);
        MarkovEvolutionResult a = MarkovChainEvolution.evolve(TOY, config, 5, null);
        MarkovEvolutionResult b = MarkovChainEvolution.evolve(TOY, config, 5, null);
        MarkovEvolutionResult c = MarkovChainEvolution.evolve(TOY, config, 6, null);
        assertEquals(a.best(), b.best());
        assertEquals(a.bestFitness(), b.bestFitness());
        assertEquals(a.meanFitness(), b.meanFitness());
        assertNotEquals(a.best(), c.best());
    }

    @Test
    void theListenerSeesEveryGeneration() {
        int[] calls = new int[1];
        MarkovChainEvolution.evolve(TOY, MarkovChainConfig.DEFAULT.withGenerations(4), 1, (g, best, mean) -> {
            assertEquals(calls[0]++, g);
            assertTrue(best >= mean);
        });
        assertEquals(4, calls[0]);
    }

    @Test
    void aFitnessThatMisbehavesStopsTheRun() {
        assertThrows(IllegalStateException.class, () -> MarkovChainEvolution.evolve((p, g) -> new double[1],
                MarkovChainConfig.DEFAULT, 1, null));
        assertThrows(IllegalStateException.class, () -> MarkovChainEvolution.evolve((p, g) -> {
            double[] f = new double[p.size()];
            f[0] = Double.NaN;
            return f;
        }, MarkovChainConfig.DEFAULT, 1, null));
    }

    @Test
    void configRejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> MarkovChainConfig.DEFAULT.withPopulation(2).withGenerations(0));
        assertThrows(IllegalArgumentException.class, () -> MarkovChainConfig.DEFAULT.withPopulation(2));
        assertThrows(IllegalArgumentException.class, () -> new MarkovChainConfig(10, 5, 1, 3, 1.5, 0.1, 1, 1, 4, 1,
                false));
    }

    @Test
    void checkpointRoundTripKeepsChainCurvesAndChoices() throws Exception {
        MarkovEvolutionResult r = MarkovChainEvolution.evolve(TOY, MarkovChainConfig.DEFAULT.withGenerations(5), 9,
                null);
        r.save(dir);
        MarkovEvolutionResult back = MarkovEvolutionResult.load(dir);
        assertEquals(r.best(), back.best());
        assertEquals(r.bestFitness(), back.bestFitness());
        assertEquals(r.meanFitness(), back.meanFitness());
        assertEquals(r.config(), back.config());
        assertEquals(r.seed(), back.seed());
        SplittableRandom x = new SplittableRandom(1);
        SplittableRandom y = new SplittableRandom(1);
        Emotion prevX = null;
        Emotion prevY = null;
        for (int i = 0; i < 200; i++) {
            prevX = r.best().sample(prevX, x);
            prevY = back.best().sample(prevY, y);
            assertEquals(prevX, prevY);
        }
        JsonNode m = Json.MAPPER.readTree(dir.resolve(MarkovCheckpoint.MANIFEST).toFile());
        assertEquals("online", m.get("training_mode").asText());
        assertEquals(MarkovChainPolicy.NAME, m.get("policy_name").asText());
        assertTrue(m.get("policy_name").asText().contains("(online)"));
        assertEquals(5, m.get("generations").asInt());
        assertEquals(5, m.get("best_fitness").size());
        assertEquals(9, m.get("seed").asLong());
        assertEquals(Provenance.codeVersion(), m.get("code_version").asText());
        assertEquals("custom", m.get("fitness").get("type").asText());
    }

    @Test
    void brokenCheckpointsAreClearErrors() throws Exception {
        assertTrue(assertThrows(InputException.class, () -> MarkovEvolutionResult.load(dir)).getMessage()
                .contains("manifest.json is missing"));
        MarkovChainEvolution.evolve(TOY, MarkovChainConfig.DEFAULT.withGenerations(2), 1, null).save(dir);
        Path manifest = dir.resolve(MarkovCheckpoint.MANIFEST);
        String original = Files.readString(manifest);
        Files.writeString(manifest, original.replace("\"schema_version\" : 1", "\"schema_version\" : 2"));
        InputException e = assertThrows(InputException.class, () -> MarkovEvolutionResult.load(dir));
        assertTrue(e.getMessage().contains(manifest.toString()) && e.getMessage().contains("'schema_version'"),
                e.getMessage());
        Files.writeString(manifest, original.replace(MarkovCheckpoint.KIND, TabularCheckpoint.KIND));
        assertTrue(assertThrows(InputException.class, () -> MarkovEvolutionResult.load(dir)).getMessage()
                .contains("'kind'"));
        Files.writeString(manifest, original);
        Files.writeString(dir.resolve(MarkovCheckpoint.CHAIN), "{\"labels\": [\"anger\"]}");
        assertTrue(assertThrows(InputException.class, () -> MarkovEvolutionResult.load(dir)).getMessage()
                .contains("'labels'"));
    }
}
