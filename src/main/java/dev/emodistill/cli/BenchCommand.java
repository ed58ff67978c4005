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
        subcommands = {BenchCommand.Sim.class, BenchCommand.SweepBench.class, BenchCommand.IqlBenchCommand.class,
                BenchCommand.LmBenchCommand.class})
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

    @Command(name = "sweep", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Throughput of a real sweep into a temporary corpus folder, then of judging it.",
                    "The default is the paper's scale for one persona: 80 training scenarios x 50 seeds = 4,000 "
                            + "episodes (target: sweep plus judging under 5 minutes on 2 cores). The folder is deleted "
                            + "afterwards."})
    static final class SweepBench implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--domain", defaultValue = "debt", description = "debt, disaster, student or medical (default: ${DEFAULT-VALUE})")
        String domain;
        @Option(names = "--seeds", defaultValue = "50", description = "seeds per scenario (default: ${DEFAULT-VALUE}; 80 scenarios)")
        int seeds;
        @Option(names = "--persona", defaultValue = "vanilla", description = "counterparty persona (default: ${DEFAULT-VALUE})")
        String persona;
        @Option(names = "--workers", defaultValue = "0", description = "worker threads (default: one per core)")
        int workers;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() throws Exception {
            Options.positive("--seeds", seeds);
            Terminal t = new Terminal(spec);
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("emodistill-bench-sweep");
            try {
                String out = dir.resolve("corpus").toString();
                long start = System.nanoTime();
                int code = Nested.quietly(spec, "sweep", "--domain", domain, "--generate", "100", "--seeds",
                        Integer.toString(seeds), "--personas", persona, "--out", out, "--workers", Integer.toString(workers));
                double sweepSeconds = (System.nanoTime() - start) / 1e9;
                if (code != Main.EXIT_OK) {
                    return code;
                }
                int episodes = dev.emodistill.corpus.CorpusDir.at(dir.resolve("corpus")).manifest()
                        .path("planned_episodes").asInt();
                start = System.nanoTime();
                code = Nested.quietly(spec, "judge", "--corpus", out, "--workers", Integer.toString(workers));
                double judgeSeconds = (System.nanoTime() - start) / 1e9;
                if (code != Main.EXIT_OK) {
                    return code;
                }
                if (json) {
                    ObjectNode o = Json.object();
                    o.put("domain", domain);
                    o.put("episodes", episodes);
                    o.put("workers", Options.workers(workers));
                    o.put("sweep_seconds", Json.round(sweepSeconds, 2));
                    o.put("sweep_episodes_per_second", Json.round(episodes / sweepSeconds, 1));
                    o.put("judge_seconds", Json.round(judgeSeconds, 2));
                    o.put("judge_episodes_per_second", Json.round(episodes / judgeSeconds, 1));
                    o.put("sweep_and_judge_seconds", Json.round(sweepSeconds + judgeSeconds, 2));
                    o.put("episodes_per_second_with_judge", Json.round(episodes / (sweepSeconds + judgeSeconds), 1));
                    t.json(o);
                } else {
                    t.result(String.format(Locale.ROOT, "bench sweep: %s, %d episodes, %d workers%n"
                                    + "  sweep            %.1f s  (%.1f episodes/s, including the model load)%n"
                                    + "  judge            %.1f s  (%.1f episodes/s)%n"
                                    + "  sweep + judge    %.1f s  (%.1f episodes/s; target under 300 s for 4,000)%n",
                            domain, episodes, Options.workers(workers), sweepSeconds, episodes / sweepSeconds,
                            judgeSeconds, episodes / judgeSeconds, sweepSeconds + judgeSeconds,
                            episodes / (sweepSeconds + judgeSeconds)));
                }
                return Main.EXIT_OK;
            } finally {
                deleteTree(dir);
            }
        }

        private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
            try (var walk = java.nio.file.Files.walk(dir)) {
                for (java.nio.file.Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    java.nio.file.Files.deleteIfExists(p);
                }
            }
        }
    }

    @Command(name = "iql", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Gradient steps per second of one full IQL update (V, twin Q, target update, policy).",
                    "Batch 256, 2x256 networks and a 48-dimensional state by default, like the PyTorch reference "
                            + "(shared/tools/anchor_iql.py), plus GFLOP/s and the selector's decision latency with "
                            + "state building included (text perception excluded: it is cached)."})
    static final class IqlBenchCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--state-dim", defaultValue = "48", description = "state size (default: ${DEFAULT-VALUE})")
        int stateDim;
        @Option(names = "--steps", defaultValue = "2000", description = "timed steps (default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--batch", defaultValue = "256", description = "minibatch (default: ${DEFAULT-VALUE})")
        int batch;
        @Option(names = "--hidden", defaultValue = "256", description = "hidden width (default: ${DEFAULT-VALUE})")
        int hidden;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Options.positive("--steps", steps);
            var r = dev.emodistill.rl.IqlBench.run(Options.positive("--state-dim", stateDim), steps,
                    Options.positive("--batch", batch), Options.positive("--hidden", hidden));
            double decision = decisionMicros();
            Terminal t = new Terminal(spec);
            if (json) {
                ObjectNode o = Json.object();
                o.put("state_dim", stateDim);
                o.put("batch", batch);
                o.put("hidden", hidden);
                o.put("steps", steps);
                o.put("steps_per_second", Json.round(r.stepsPerSecond(), 1));
                o.put("mflop_per_step", Json.round(r.flopsPerStep() / 1e6, 1));
                o.put("gflops", Json.round(r.gflops(), 1));
                o.put("act_microseconds", Json.round(r.actMicros(), 2));
                o.put("decision_microseconds_with_state", Json.round(decision, 2));
                o.put("threads", Integer.getInteger("ai.djl.pytorch.num_threads", -1));
                t.json(o);
            } else {
                t.resultLine(r.summary());
                t.resultLine(String.format(Locale.ROOT, "selector decision with state building (%d features, live "
                        + "transcripts): %.1f us (target < 1000 us)", dev.emodistill.rl.StateSchema.DEFAULT.dimension(),
                        decision));
            }
            return Main.EXIT_OK;
        }

        /** Mean time of LearnedPolicy.choose on real focal turns of simulated negotiations. */
        private static double decisionMicros() {
            var schema = dev.emodistill.rl.StateSchema.DEFAULT;
            var data = dev.emodistill.rl.IqlBench.randomData(schema.dimension(), new java.util.SplittableRandom(1));
            var cfg = dev.emodistill.rl.IqlConfig.defaults(5, 1).withBatchSize(32);
            var model = dev.emodistill.rl.Iql.train(data, schema, cfg, s -> { }).model();
            var policy = new dev.emodistill.rl.LearnedPolicy("bench", model, 0);
            var world = new SimWorld(dev.emodistill.negotiation.ProtocolConfig.DEFAULT,
                    dev.emodistill.emotion.Classifiers.builtin(dev.emodistill.emotion.HeadRole.PERCEPTION));
            List<dev.emodistill.negotiation.TurnContext> contexts = new ArrayList<>();
            for (Scenario s : dev.emodistill.domain.ScenarioGenerator.generate(Domain.DEBT, 20, 3)) {
                var result = world.play(s, Personas.get("vanilla"), EmotionPolicies.random(), 7);
                var messages = result.messages();
                for (int i = 0; i < messages.size(); i += 2) {
                    contexts.add(new dev.emodistill.negotiation.TurnContext(s, dev.emodistill.negotiation.Role.FOCAL,
                            i / 2, world.protocol().horizon(), world.protocol().tolerance().units(s), messages.subList(0, i)));
                }
            }
            var rng = new java.util.SplittableRandom(1);
            for (var c : contexts) {
                policy.choose(c, rng);
            }
            int n = 0;
            long start = System.nanoTime();
            while (n < 20_000) {
                for (var c : contexts) {
                    policy.choose(c, rng);
                    n++;
                }
            }
            return (System.nanoTime() - start) / 1e3 / n;
        }
    }

    @Command(name = "lm", mixinStandardHelpOptions = true, sortOptions = false,
            description = {"Language-model speed and memory: training tokens/s of the pocket shape (D 256, 4 layers, 4 "
                    + "heads, SwiGLU 682, untied head, context 128, vocabulary 2,048, batch 16), fully and with LoRA "
                    + "r 8 on q, k, v, o; batched generation tokens/s with the KV cache; peak heap and process RSS; "
                    + "and the training step time of a ~110M-parameter Llama shape (D 768, 12 layers, 12 heads, "
                    + "SwiGLU 2,048, vocabulary 32,000, tied head, context 128, batch 4).",
                    "Compare with the PyTorch reference on the same machine: OPENBLAS_NUM_THREADS=1 python3 "
                            + "shared/tools/anchor_lm.py (about 3,200 tokens/s full and 4,000 LoRA measured there)."})
    static final class LmBenchCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--steps", defaultValue = "10", description = "timed training steps per mode (default: ${DEFAULT-VALUE})")
        int steps;
        @Option(names = "--prompts", defaultValue = "64", description = "prompts generated together (default: ${DEFAULT-VALUE})")
        int prompts;
        @Option(names = "--prompt-tokens", defaultValue = "32", description = "tokens per prompt (default: ${DEFAULT-VALUE})")
        int promptTokens;
        @Option(names = "--new-tokens", defaultValue = "64", description = "tokens generated per prompt (default: ${DEFAULT-VALUE})")
        int newTokens;
        @Option(names = "--large-steps", defaultValue = "2", description = "timed steps of the ~110M model, 0 to skip it (default: ${DEFAULT-VALUE})")
        int largeSteps;
        @Option(names = "--json", description = "print one JSON object instead of text")
        boolean json;

        @Override
        public Integer call() {
            Options.positive("--steps", steps);
            Options.positive("--prompts", prompts);
            Options.positive("--prompt-tokens", promptTokens);
            Options.positive("--new-tokens", newTokens);
            Options.nonNegative("--large-steps", largeSteps);
            if (promptTokens + newTokens > 128) {
                throw new dev.emodistill.io.InputException("--prompt-tokens + --new-tokens must fit the pocket "
                        + "context of 128, got " + (promptTokens + newTokens));
            }
            Terminal t = new Terminal(spec);
            var result = dev.emodistill.lm.LmBench.run(new dev.emodistill.lm.LmBench.Options(steps, prompts,
                    promptTokens, newTokens, largeSteps), stage -> t.log("bench lm: " + stage));
            if (json) {
                t.json(result.json());
            } else {
                t.result(result.summary() + "\n");
            }
            return Main.EXIT_OK;
        }
    }
}
