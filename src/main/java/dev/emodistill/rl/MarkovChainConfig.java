package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.util.function.BiFunction;

/**
 * Hyper-parameters of {@link MarkovChainEvolution}, each named once here. The defaults evolve a chain in well under
 * a minute on 2 cores with the embedded simulator: 24 chains × 30 generations × 64 episodes per chain
 * (16 training scenarios × 4 personas × 1 seed) ≈ 46,000 episodes.
 *
 * @param population             chains per generation
 * @param generations            generations evaluated (the last one is evaluated and not bred)
 * @param elites                 best chains copied unchanged into the next generation, so a good chain is never lost
 *                               to an unlucky crossover; they are re-evaluated there on fresh episodes, so a chain
 *                               that was merely lucky does not stay on top
 * @param tournamentSize         chains drawn per tournament; the fittest of them becomes a parent (larger = greedier)
 * @param crossoverRate          probability that a child mixes two parents; otherwise it is a copy of one
 * @param mutationRate           probability that each logit of a child receives Gaussian noise (0.05: about 40 of
 *                               the 812 logits per child; much more wrecks what the parents had found)
 * @param mutationSigma          standard deviation of that noise, in logits; about one logit, so a few mutations can
 *                               reorder a row's favourites
 * @param initialSigma           standard deviation of the random logits of the first generation: 3 makes the first
 *                               chains already favour a few emotions per row (softmax of N(0, 1) logits over 28
 *                               labels is nearly uniform, leaving selection nothing to tell apart under episode
 *                               noise). One member is the uniform chain, so the search starts no worse than random
 * @param scenariosPerGeneration training scenarios drawn per generation for the fitness episodes (all when there
 *                               are fewer); fresh draws each generation keep the chain from fitting a few cases
 * @param seedsPerScenario       episodes per (scenario, persona) in a fitness evaluation
 * @param greedy                 follow the most likely transition instead of sampling, in training and when acting
 */
public record MarkovChainConfig(int population, int generations, int elites, int tournamentSize,
                                double crossoverRate, double mutationRate, double mutationSigma, double initialSigma,
                                int scenariosPerGeneration, int seedsPerScenario, boolean greedy) {

    public static final MarkovChainConfig DEFAULT =
            new MarkovChainConfig(24, 30, 2, 3, 0.7, 0.05, 1.0, 3.0, 16, 1, false);

    public MarkovChainConfig {
        positive("population", population);
        positive("generations", generations);
        positive("tournament_size", tournamentSize);
        positive("scenarios_per_generation", scenariosPerGeneration);
        positive("seeds_per_scenario", seedsPerScenario);
        if (elites < 0 || elites >= population) {
            throw new IllegalArgumentException("elites must be in [0, population), got " + elites);
        }
        probability("crossover_rate", crossoverRate);
        probability("mutation_rate", mutationRate);
        if (!(mutationSigma >= 0 && Double.isFinite(mutationSigma))) {
            throw new IllegalArgumentException("mutation_sigma must be a non-negative number, got " + mutationSigma);
        }
        if (!(initialSigma >= 0 && Double.isFinite(initialSigma))) {
            throw new IllegalArgumentException("initial_sigma must be a non-negative number, got " + initialSigma);
        }
    }

    private static void positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + value);
        }
    }

    private static void probability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], got " + value);
        }
    }

    public MarkovChainConfig withPopulation(int value) {
        return new MarkovChainConfig(value, generations, elites, tournamentSize, crossoverRate, mutationRate,
                mutationSigma, initialSigma, scenariosPerGeneration, seedsPerScenario, greedy);
    }

    public MarkovChainConfig withGenerations(int value) {
        return new MarkovChainConfig(population, value, elites, tournamentSize, crossoverRate, mutationRate,
                mutationSigma, initialSigma, scenariosPerGeneration, seedsPerScenario, greedy);
    }

    public MarkovChainConfig withScenariosPerGeneration(int value) {
        return new MarkovChainConfig(population, generations, elites, tournamentSize, crossoverRate, mutationRate,
                mutationSigma, initialSigma, value, seedsPerScenario, greedy);
    }

    public MarkovChainConfig withGreedy(boolean value) {
        return new MarkovChainConfig(population, generations, elites, tournamentSize, crossoverRate, mutationRate,
                mutationSigma, initialSigma, scenariosPerGeneration, seedsPerScenario, value);
    }

    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("population", population);
        o.put("generations", generations);
        o.put("elites", elites);
        o.put("tournament_size", tournamentSize);
        o.put("crossover_rate", crossoverRate);
        o.put("mutation_rate", mutationRate);
        o.put("mutation_sigma", mutationSigma);
        o.put("initial_sigma", initialSigma);
        o.put("scenarios_per_generation", scenariosPerGeneration);
        o.put("seeds_per_scenario", seedsPerScenario);
        o.put("greedy", greedy);
        return o;
    }

    /** Reads a stored config; {@code error} turns (field, reason) into the exception to throw. */
    public static MarkovChainConfig fromJson(JsonNode node, BiFunction<String, String, ? extends RuntimeException> error) {
        if (node == null || !node.isObject()) {
            throw error.apply("config", "missing or not an object");
        }
        JsonNode greedy = node.get("greedy");
        if (greedy == null || !greedy.isBoolean()) {
            throw error.apply("config.greedy", "missing or not true/false");
        }
        try {
            return new MarkovChainConfig(integer(node, "population", error), integer(node, "generations", error),
                    integer(node, "elites", error), integer(node, "tournament_size", error),
                    number(node, "crossover_rate", error), number(node, "mutation_rate", error),
                    number(node, "mutation_sigma", error), number(node, "initial_sigma", error),
                    integer(node, "scenarios_per_generation", error), integer(node, "seeds_per_scenario", error),
                    greedy.asBoolean());
        } catch (IllegalArgumentException e) {
            throw error.apply("config", e.getMessage());
        }
    }

    private static int integer(JsonNode node, String field, BiFunction<String, String, ? extends RuntimeException> error) {
        JsonNode v = node.get(field);
        if (v == null || !v.isIntegralNumber()) {
            throw error.apply("config." + field, "missing or not an integer");
        }
        return v.asInt();
    }

    private static double number(JsonNode node, String field, BiFunction<String, String, ? extends RuntimeException> error) {
        JsonNode v = node.get(field);
        if (v == null || !v.isNumber()) {
            throw error.apply("config." + field, "missing or not a number");
        }
        return v.asDouble();
    }
}
