package dev.emodistill.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Domain;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.EmbeddingEmotionClassifier;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.sim.EpisodeRunner;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Personas;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code emodistill bench sim}: simulation throughput with real MiniLM perception. */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Benchmarks (speed targets live here, not in unit tests).",
        subcommands = {BenchCommand.Sim.class})
final class BenchCommand extends CommandGroup {

    @Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Episodes per second of the embedded world with MiniLM perception, as a sweep would run: 80 scenarios x seeds, random emotion policy, the four training personas.",
                    "Reports a cold pass (empty sentence-embedding cache, as a fresh sweep starts) and a warm pass, "
                    + "and projects the time of a 4,000-episode sweep (target: at most 5 minutes, about 14 "
                    + "episodes/s)."})
    static final class Sim implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @CommandLine.Mixin
        WorldOptions world;
        @Option(names = "--episodes", defaultValue = "4000", description = "episodes per pass (default: ${DEFAULT-VALUE})")
        int episodes;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Options.positive("--episodes", episodes);
            Domain domain = world.domain();
            Terminal t = new Terminal(spec);
            long t0 = System.nanoTime();
            SimWorld sim = world.world();
            double loadSeconds = (System.nanoTime() - t0) / 1e9;
            List<Scenario> scenarios = world.scenarios(80);
            List<Persona> personas = Personas.training();
            int cachedBefore = cacheSize(sim);
            double cold = pass(t, sim, scenarios, personas, "cold");
            int embedded = cacheSize(sim) - cachedBefore;
            double warm = pass(t, sim, scenarios, personas, "warm");
            double coldRate = episodes / cold;
            double warmRate = episodes / warm;
            double projected = loadSeconds + 4000 / coldRate;
            if (json) {
                ObjectNode o = Json.object();
                o.put("domain", domain.id());
                o.put("episodes", episodes);
                o.put("workers", world.workers());
                o.put("cores", Runtime.getRuntime().availableProcessors());
                o.put("classifier_load_seconds", Json.round(loadSeconds, 2));
                o.put("cold_seconds", Json.round(cold, 2));
                o.put("cold_episodes_per_second", Json.round(coldRate, 1));
                o.put("warm_episodes_per_second", Json.round(warmRate, 1));
                o.put("sentences_embedded", embedded);
                o.put("projected_4000_episode_sweep_seconds", Json.round(projected, 1));
                t.json(o);
            } else {
                t.result(String.format(Locale.ROOT,
                        "bench sim: domain %s, %d episodes per pass, %d workers on %d cores%n"
                                + "  classifier load      %.2f s%n"
                                + "  cold pass            %.2f s  (%.1f episodes/s, %d sentences embedded)%n"
                                + "  warm pass            %.2f s  (%.1f episodes/s)%n"
                                + "  projected 4,000-episode sweep: %.1f s (target <= 300 s)%n",
                        domain.id(), episodes, world.workers(), Runtime.getRuntime().availableProcessors(),
                        loadSeconds, cold, coldRate, embedded, warm, warmRate, projected));
            }
            return Main.EXIT_OK;
        }

        private double pass(Terminal t, SimWorld sim, List<Scenario> scenarios, List<Persona> personas, String name) {
            List<EpisodeRunner.Task> tasks = new ArrayList<>(episodes);
            for (int i = 0; i < episodes; i++) {
                Scenario s = scenarios.get(i % scenarios.size());
                Persona p = personas.get((i / scenarios.size()) % personas.size());
                tasks.add(new EpisodeRunner.Task(s, p, EmotionPolicies::random, Seeds.derive(world.seed, name, i)));
            }
            Progress progress = new Progress(t.err(), "bench " + name, episodes);
            long start = System.nanoTime();
            List<EpisodeResult> results = EpisodeRunner.run(sim, tasks, world.workers(), progress::step);
            double seconds = (System.nanoTime() - start) / 1e9;
            progress.finish();
            if (results.size() != episodes) {
                throw new IllegalStateException("bench lost episodes");
            }
            return seconds;
        }

        private static int cacheSize(SimWorld sim) {
            return sim.perception() instanceof EmbeddingEmotionClassifier c ? c.embeddings().size() : 0;
        }
    }
}
