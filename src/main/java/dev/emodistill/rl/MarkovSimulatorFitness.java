package dev.emodistill.rl;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Scenario;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.sim.EpisodeRunner;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Fitness by simulation: the mean focal utility of a chain's episodes on TRAINING scenarios against the given
 * personas (0 for episodes without a deal, as everywhere). Each generation draws {@code scenariosPerGeneration}
 * training scenarios and one episode seed per (scenario, persona, k) from the run seed and the generation number;
 * every chain of the generation plays exactly those episodes (common random numbers), so a fitter chain is fitter
 * on the same cases, and the whole run is reproducible for any number of workers.
 */
public final class MarkovSimulatorFitness implements MarkovFitness {
    private final SimWorld world;
    private final List<Scenario> training;
    private final List<Persona> personas;
    private final MarkovChainConfig config;
    private final long seed;
    private final int workers;

    /**
     * @param world    the embedded simulator
     * @param training the training scenarios (never the held-out ones: this is where the chain learns)
     * @param personas the counterparties to play
     * @param config   episodes per evaluation and whether chains are followed greedily
     * @param seed     the run seed all episode seeds derive from
     * @param workers  parallel episode workers (results do not depend on it)
     */
    public MarkovSimulatorFitness(SimWorld world, List<Scenario> training, List<Persona> personas,
                                  MarkovChainConfig config, long seed, int workers) {
        if (training.isEmpty()) {
            throw new IllegalArgumentException("no training scenarios to evaluate chains on");
        }
        if (personas.isEmpty()) {
            throw new IllegalArgumentException("no personas to evaluate chains against");
        }
        this.world = world;
        this.training = List.copyOf(training);
        this.personas = List.copyOf(personas);
        this.config = config;
        this.seed = seed;
        this.workers = Math.max(1, workers);
    }

    @Override
    public double[] evaluate(List<MarkovChain> population, int generation) {
        List<Scenario> scenarios = scenarios(generation);
        List<EpisodeRunner.Task> tasks = new ArrayList<>();
        for (MarkovChain chain : population) {
            for (Scenario s : scenarios) {
                for (Persona p : personas) {
                    for (int k = 0; k < config.seedsPerScenario(); k++) {
                        tasks.add(new EpisodeRunner.Task(s, p, () -> new MarkovChainPolicy(chain, config.greedy()),
                                Seeds.derive(seed, "evo-markov-episode", generation, s.id(), p.name(), k)));
                    }
                }
            }
        }
        List<EpisodeResult> results = EpisodeRunner.run(world, tasks, workers, () -> { });
        int per = episodesPerChain();
        double[] fitness = new double[population.size()];
        for (int i = 0; i < fitness.length; i++) {
            double sum = 0;
            for (EpisodeResult r : results.subList(i * per, (i + 1) * per)) {
                sum += r.utility();
            }
            fitness[i] = sum / per;
        }
        return fitness;
    }

    /** The training scenarios of a generation: a seeded draw without replacement (all of them if fewer). */
    public List<Scenario> scenarios(int generation) {
        if (config.scenariosPerGeneration() >= training.size()) {
            return training;
        }
        List<Scenario> pool = new ArrayList<>(training);
        SplittableRandom rng = new SplittableRandom(Seeds.derive(seed, "evo-markov-scenarios", generation));
        for (int i = 0; i < config.scenariosPerGeneration(); i++) {
            int j = i + rng.nextInt(pool.size() - i);
            Scenario t = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, t);
        }
        return List.copyOf(pool.subList(0, config.scenariosPerGeneration()));
    }

    /** Episodes each chain plays per evaluation. */
    public int episodesPerChain() {
        return Math.min(config.scenariosPerGeneration(), training.size()) * personas.size()
                * config.seedsPerScenario();
    }

    @Override
    public ObjectNode describe() {
        ObjectNode o = Json.object();
        o.put("type", "simulator");
        o.put("measure", "mean focal utility on training scenarios, common random numbers within a generation");
        o.put("seed", seed);
        o.put("episodes_per_chain", episodesPerChain());
        ArrayNode p = o.putArray("personas");
        personas.forEach(x -> p.add(x.name()));
        ArrayNode ids = o.putArray("training_scenario_ids");
        training.forEach(s -> ids.add(s.id()));
        o.put("protocol_max_messages", world.protocol().maxMessages());
        return o;
    }
}
