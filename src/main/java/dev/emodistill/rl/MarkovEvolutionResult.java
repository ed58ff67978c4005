package dev.emodistill.rl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.ScenarioProvenance;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What an evolutionary run produced: the best chain of the last generation and how the run went.
 *
 * @param best         the fittest chain of the last generation
 * @param bestFitness  the best fitness of each generation, in order (each generation on its own episodes)
 * @param meanFitness  the population's mean fitness of each generation
 * @param config       the hyper-parameters
 * @param seed         the run seed
 * @param fitness      what the fitness measured ({@link MarkovFitness#describe()})
 * @param scenarios    the scenario provenance the training scenarios came from, or null if not recorded
 */
public record MarkovEvolutionResult(MarkovChain best, List<Double> bestFitness, List<Double> meanFitness,
                                    MarkovChainConfig config, long seed, ObjectNode fitness,
                                    ScenarioProvenance scenarios) {

    public MarkovEvolutionResult {
        bestFitness = List.copyOf(bestFitness);
        meanFitness = List.copyOf(meanFitness);
        fitness = fitness.deepCopy();
    }

    /** Generations evaluated. */
    public int generations() {
        return bestFitness.size();
    }

    /** The best chain's fitness in the last generation. */
    public double finalBestFitness() {
        return bestFitness.get(bestFitness.size() - 1);
    }

    /** A policy following the best chain as configured (sampled or greedy). */
    public MarkovChainPolicy policy() {
        return new MarkovChainPolicy(best, config.greedy());
    }

    public Optional<ScenarioProvenance> scenarioProvenance() {
        return Optional.ofNullable(scenarios);
    }

    /** The same result with the scenario provenance recorded (saved with it). */
    public MarkovEvolutionResult withScenarios(ScenarioProvenance value) {
        return new MarkovEvolutionResult(best, bestFitness, meanFitness, config, seed, fitness, value);
    }

    /** Writes the checkpoint folder; see {@link MarkovCheckpoint}. */
    public void save(Path dir) {
        MarkovCheckpoint.save(dir, this);
    }

    /** Reads a checkpoint folder written by {@link #save}. */
    public static MarkovEvolutionResult load(Path dir) {
        return MarkovCheckpoint.load(dir);
    }
}
