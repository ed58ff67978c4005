package dev.emodistill.rl;

import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The emotion Markov-chain evolutionary baseline of earlier work (EvoEmo-style; DESIGN §8): a population of
 * {@link MarkovChain}s evolved by a seeded genetic algorithm. Each generation:
 * <ol>
 *   <li>every chain is scored by the {@link MarkovFitness} (with the simulator: mean focal utility of episodes on
 *       training scenarios, the same episodes for every chain);</li>
 *   <li>the {@code elites} fittest chains pass unchanged;</li>
 *   <li>the rest are bred: two parents by tournament selection; with probability {@code crossoverRate} a row-wise
 *       crossover (the initial distribution and each transition row come whole from one parent or the other, so a
 *       row is never a blend that neither parent would play); then Gaussian mutation of each logit with
 *       probability {@code mutationRate}.</li>
 * </ol>
 * The first generation holds the uniform chain (the random policy) and random chains. The result is the fittest
 * chain of the last generation. This is an ONLINE baseline: it learns by playing the simulator, which the offline
 * methods never do, and its policy and checkpoint say so.
 *
 * <p>Deterministic for (fitness, config, seed): all genetic randomness comes from one seeded stream.
 */
public final class MarkovChainEvolution {
    private static final int N = Emotion.COUNT;

    /** Called after each generation is scored (e.g. for a progress line). */
    @FunctionalInterface
    public interface Listener {
        void generationDone(int generation, double best, double mean);
    }

    private MarkovChainEvolution() {
    }

    /** Evolves chains against the simulator on {@code training} scenarios. */
    public static MarkovEvolutionResult train(SimWorld world, List<Scenario> training, List<Persona> personas,
                                              MarkovChainConfig config, long seed, int workers, Listener listener) {
        return evolve(new MarkovSimulatorFitness(world, training, personas, config, seed, workers), config, seed,
                listener);
    }

    /** Evolves chains on the training side of a corpus's scenario provenance, and records that provenance. */
    public static MarkovEvolutionResult train(SimWorld world, ScenarioProvenance scenarios, List<Persona> personas,
                                              MarkovChainConfig config, long seed, int workers, Listener listener) {
        return train(world, scenarios.train(), personas, config, seed, workers, listener).withScenarios(scenarios);
    }

    /** Runs the genetic algorithm against any fitness. */
    public static MarkovEvolutionResult evolve(MarkovFitness fitness, MarkovChainConfig config, long seed,
                                               Listener listener) {
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "evo-markov-ga"));
        List<MarkovChain> population = initial(config, rng);
        List<Double> bestCurve = new ArrayList<>();
        List<Double> meanCurve = new ArrayList<>();
        MarkovChain best = null;
        for (int g = 0; g < config.generations(); g++) {
            double[] f = score(fitness, population, g);
            Integer[] rank = ranking(f);
            best = population.get(rank[0]);
            bestCurve.add(f[rank[0]]);
            meanCurve.add(Arrays.stream(f).average().orElse(0));
            if (listener != null) {
                listener.generationDone(g, f[rank[0]], meanCurve.get(g));
            }
            if (g < config.generations() - 1) {
                population = breed(population, f, rank, config, rng);
            }
        }
        return new MarkovEvolutionResult(best, bestCurve, meanCurve, config, seed, fitness.describe(), null);
    }

    private static double[] score(MarkovFitness fitness, List<MarkovChain> population, int generation) {
        double[] f = fitness.evaluate(List.copyOf(population), generation);
        if (f.length != population.size()) {
            throw new IllegalStateException("fitness returned " + f.length + " values for " + population.size()
                    + " chains");
        }
        for (double v : f) {
            if (!Double.isFinite(v)) {
                throw new IllegalStateException("fitness returned " + v + " in generation " + generation);
            }
        }
        return f;
    }

    /** Indices from fittest to least fit; ties keep population order, so the ranking is deterministic. */
    private static Integer[] ranking(double[] f) {
        Integer[] rank = IntStream.range(0, f.length).boxed().toArray(Integer[]::new);
        Arrays.sort(rank, Comparator.comparingDouble((Integer i) -> -f[i]));
        return rank;
    }

    private static List<MarkovChain> initial(MarkovChainConfig config, SplittableRandom rng) {
        List<MarkovChain> population = new ArrayList<>(config.population());
        population.add(MarkovChain.uniform());
        while (population.size() < config.population()) {
            double[] initial = new double[N];
            double[][] transition = new double[N][N];
            for (int i = 0; i < N; i++) {
                initial[i] = rng.nextGaussian() * config.initialSigma();
                for (int j = 0; j < N; j++) {
                    transition[i][j] = rng.nextGaussian() * config.initialSigma();
                }
            }
            population.add(MarkovChain.ofLogits(initial, transition));
        }
        return population;
    }

    private static List<MarkovChain> breed(List<MarkovChain> population, double[] f, Integer[] rank,
                                           MarkovChainConfig config, SplittableRandom rng) {
        List<MarkovChain> next = new ArrayList<>(config.population());
        for (int e = 0; e < config.elites(); e++) {
            next.add(population.get(rank[e]));
        }
        while (next.size() < config.population()) {
            MarkovChain a = population.get(tournament(f, config.tournamentSize(), rng));
            MarkovChain b = population.get(tournament(f, config.tournamentSize(), rng));
            boolean cross = rng.nextDouble() < config.crossoverRate();
            next.add(mutate(cross ? crossover(a, b, rng) : a, config, rng));
        }
        return next;
    }

    /** The fittest of {@code size} chains drawn with replacement. */
    private static int tournament(double[] f, int size, SplittableRandom rng) {
        int best = rng.nextInt(f.length);
        for (int k = 1; k < size; k++) {
            int c = rng.nextInt(f.length);
            if (f[c] > f[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Row-wise uniform crossover: the initial row and each transition row come whole from one parent. */
    private static MarkovChain crossover(MarkovChain a, MarkovChain b, SplittableRandom rng) {
        double[] initial = rng.nextBoolean() ? a.initialLogits() : b.initialLogits();
        double[][] transition = new double[N][];
        for (int i = 0; i < N; i++) {
            transition[i] = rng.nextBoolean() ? a.transitionLogits(i) : b.transitionLogits(i);
        }
        return MarkovChain.ofLogits(initial, transition);
    }

    private static MarkovChain mutate(MarkovChain c, MarkovChainConfig config, SplittableRandom rng) {
        double[] initial = c.initialLogits();
        mutate(initial, config, rng);
        double[][] transition = new double[N][];
        for (int i = 0; i < N; i++) {
            transition[i] = c.transitionLogits(i);
            mutate(transition[i], config, rng);
        }
        return MarkovChain.ofLogits(initial, transition);
    }

    private static void mutate(double[] logits, MarkovChainConfig config, SplittableRandom rng) {
        for (int j = 0; j < logits.length; j++) {
            if (rng.nextDouble() < config.mutationRate()) {
                logits[j] += rng.nextGaussian() * config.mutationSigma();
            }
        }
    }
}
