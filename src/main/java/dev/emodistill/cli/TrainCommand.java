package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusDir;
import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.rl.BehaviourCloning;
import dev.emodistill.rl.DiscreteCql;
import dev.emodistill.rl.Iql;
import dev.emodistill.rl.OfflineDqn;
import dev.emodistill.rl.QLearningConfig;
import dev.emodistill.rl.IqlConfig;
import dev.emodistill.rl.MarkovChainConfig;
import dev.emodistill.rl.MarkovChainEvolution;
import dev.emodistill.rl.MarkovEvolutionResult;
import dev.emodistill.rl.OfflineData;
import dev.emodistill.rl.RewardScaling;
import dev.emodistill.rl.SelectorCheckpoint;
import dev.emodistill.rl.TabularPolicy;
import dev.emodistill.rl.TabularQConfig;
import dev.emodistill.rl.TabularQLearning;
import dev.emodistill.rl.TrainingRun;
import dev.emodistill.sim.Personas;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill train selector|tabular|evo}: learn emotion policies. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Train emotion selectors from offline data (or, for the evo baseline, in the simulator).",
        subcommands = {TrainCommand.Selector.class, TrainCommand.Tabular.class, TrainCommand.Evo.class})
final class TrainCommand extends CommandGroup {

    @Command(name = "selector", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train the IQL emotion selector (DESIGN §7) on DJL with the PyTorch engine.",
                    "Twin Q, expectile V, advantage-weighted policy over 28 emotions with unseen emotions masked. "
                            + "Writes a checkpoint folder (manifest.json with config, state schema, dataset hash, "
                            + "scenario provenance, seed, code version and training curves; weights.safetensors)."})
    static final class Selector implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        TrainingInput input;
        @Option(names = "--algorithm", defaultValue = "iql",
                description = "iql (default), or the offline baselines bc (behaviour cloning), dqn (offline DQN, no "
                        + "conservatism), cql (discrete CQL)")
        String algorithm;
        @Option(names = "--out", required = true, description = "checkpoint folder")
        Path out;
        @Option(names = "--steps", defaultValue = "20000", description = "gradient steps (default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--seed", defaultValue = "1", description = "training seed (default: ${DEFAULT-VALUE})")
        long seed;
        @Option(names = "--hidden", defaultValue = "256", description = "hidden layer width (default: ${DEFAULT-VALUE})")
        int hidden;
        @Option(names = "--layers", defaultValue = "2", description = "hidden layers (default: ${DEFAULT-VALUE})")
        int layers;
        @Option(names = "--batch", defaultValue = "256", description = "minibatch size (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--expectile", defaultValue = "0.7", description = "expectile tau of V (default: ${DEFAULT-VALUE})")
        double expectile;
        @Option(names = "--beta", defaultValue = "3", description = "AWR inverse temperature (default: ${DEFAULT-VALUE})")
        double beta;
        @Option(names = "--reward-scaling", defaultValue = "max_abs",
                description = "max_abs, standardize or none (default: ${DEFAULT-VALUE})")
        String rewardScaling;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Options.positive("--steps", steps);
            Options.positive("--hidden", hidden);
            Options.positive("--layers", layers);
            Options.positive("--batch", batch);
            if (!(expectile > 0 && expectile < 1)) {
                throw new InputException("--expectile must be in (0, 1), got " + expectile);
            }
            TrainingInput.Loaded in = input.load();
            IqlConfig config = IqlConfig.defaults(steps, seed).withNetwork(hidden, layers).withBatchSize(batch)
                    .withLearning(expectile, beta, RewardScaling.parse(rewardScaling));
            Terminal t = new Terminal(spec);
            if (in.scenarios() == null) {
                t.log("warning: the dataset's corpus was not found beside it; the checkpoint will not know which "
                        + "scenarios are held out (evaluate then needs --corpus or a scenario file)");
            }
            OfflineData data = OfflineData.from(in.data());
            var schema = in.data().stateSchema();
            String algo = algorithm.trim().toLowerCase(Locale.ROOT);
            Progress progress = new Progress(t.err(), "train " + algo, steps);
            TrainingRun run;
            ObjectNode configJson;
            switch (algo) {
                case "iql" -> {
                    run = Iql.train(data, schema, config, step -> progress.step());
                    configJson = config.toJson();
                }
                case "bc" -> {
                    var c = new BehaviourCloning.Config(steps, hidden, layers, batch, 3e-4, seed);
                    run = BehaviourCloning.train(data, schema, c, step -> progress.step());
                    configJson = c.toJson();
                }
                case "dqn", "cql" -> {
                    var c = (algo.equals("dqn") ? QLearningConfig.dqn(steps, seed) : QLearningConfig.cql(steps, seed))
                            .withNetwork(hidden, layers);
                    run = algo.equals("dqn") ? OfflineDqn.train(data, schema, c, step -> progress.step())
                            : DiscreteCql.train(data, schema, c, step -> progress.step());
                    configJson = c.toJson();
                }
                default -> throw new InputException("--algorithm must be iql, bc, dqn or cql, got '" + algorithm + "'");
            }
            progress.finish();
            SelectorCheckpoint.save(out, run, configJson, in.provenance(), "train selector");
            if (json) {
                ObjectNode o = Json.object();
                o.put("out", out.toString());
                o.put("algorithm", algo);
                o.put("transitions", data.size());
                o.put("steps", steps);
                o.put("seconds", Json.round(run.seconds(), 2));
                o.put("steps_per_second", Json.round(steps / run.seconds(), 1));
                o.set("final", run.curves().get(run.curves().size() - 1));
                t.json(o);
            } else {
                t.resultLine(String.format(Locale.ROOT, "trained %s on %d transitions: %d steps in %.1f s (%.0f steps/s); wrote %s",
                        algo, data.size(), steps, run.seconds(), steps / run.seconds(), out));
            }
            return Main.EXIT_OK;
        }
    }

    @Command(name = "tabular", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Train the tabular Q-learning baseline over a discretised state (DESIGN §8).",
                    "Offline, from the same transitions as the selector; writes a checkpoint folder."})
    static final class Tabular implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        TrainingInput input;
        @Option(names = "--out", required = true, description = "checkpoint folder")
        Path out;
        @Option(names = "--seed", defaultValue = "1", description = "training seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            TrainingInput.Loaded in = input.load();
            TabularPolicy policy = TabularQLearning.train(in.data(), TabularQConfig.DEFAULT, seed);
            if (in.scenarios() != null) {
                policy = policy.withTraining(policy.training().withScenarios(in.scenarios()));
            }
            policy.save(out);
            new Terminal(spec).resultLine("trained tabular Q-learning on " + in.data().transitions().size()
                    + " transitions; wrote " + out);
            return Main.EXIT_OK;
        }
    }

    @Command(name = "evo", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Evolve the emotion Markov-chain baseline in the simulator (an ONLINE baseline).",
                    "A genetic algorithm over initial-emotion and emotion-transition probabilities, with fitness "
                            + "measured by simulated episodes on the corpus's training scenarios only."})
    static final class Evo implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        ProtocolOptions protocol;
        @Option(names = "--corpus", required = true, description = "corpus folder whose training scenarios are used")
        Path corpus;
        @Option(names = "--personas", defaultValue = "training",
                description = "counterparty personas (default: ${DEFAULT-VALUE})")
        String personas;
        @Option(names = "--generations", defaultValue = "30", description = "generations (default: ${DEFAULT-VALUE})")
        int generations;
        @Option(names = "--out", required = true, description = "checkpoint folder")
        Path out;
        @Option(names = "--seed", defaultValue = "1", description = "seed (default: ${DEFAULT-VALUE})")
        long seed;

        @Override
        public Integer call() {
            Options.positive("--generations", generations);
            ScenarioProvenance scenarios = ScenarioProvenance.ofCorpus(CorpusDir.at(corpus));
            MarkovChainConfig config = MarkovChainConfig.DEFAULT.withGenerations(generations);
            Terminal t = new Terminal(spec);
            Progress progress = new Progress(t.err(), "evolve", generations);
            MarkovEvolutionResult result = MarkovChainEvolution.train(protocol.world(), scenarios,
                    Personas.parseList(personas), config, seed, protocol.workers(), (g, best, mean) -> progress.step());
            progress.finish();
            result.save(out);
            t.resultLine(String.format(Locale.ROOT, "evolved %d generations; best training fitness %.3f; wrote %s",
                    generations, result.finalBestFitness(), out));
            return Main.EXIT_OK;
        }
    }
}
