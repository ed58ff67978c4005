package dev.emodistill.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import dev.emodistill.io.Provenance;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs stages with a cache on disk: each stage's output lives in {@code ROOT/stages/<name>-<first 12 hex of key>/}
 * (see {@link StageKeys}), and a folder with a complete {@link StageRecord} for the same key is not run again; its
 * recorded JSON is reused. So a rerun after an interruption resumes at the first incomplete stage, and changing one
 * stage's configuration reruns it and the stages below it, nothing else. A folder without a complete record is
 * cleared before its stage runs.
 *
 * <p>A stage starts when every stage above it (its inputs, and theirs) is complete and none of its locks is held;
 * up to {@code jobs} run at once. Progress lines with the elapsed time and an ETA go to the progress writer. When a
 * stage fails, no new stage starts, the running ones finish, and a {@link PipelineException} names the failed one.
 */
public final class Pipeline {
    /** Subfolder of the root that holds the stage folders. */
    public static final String STAGES = "stages";

    private Pipeline() {
    }

    /**
     * How to run.
     *
     * @param jobs        stages that may run at once (at least 1)
     * @param codeVersion part of every key (normally {@link Provenance#codeVersion()})
     * @param progress    where progress lines and the stages' logs go
     */
    public record Settings(int jobs, String codeVersion, PrintWriter progress) {
        public Settings {
            if (jobs < 1) {
                throw new IllegalArgumentException("jobs must be at least 1, got " + jobs);
            }
            if (codeVersion == null || codeVersion.isBlank()) {
                throw new IllegalArgumentException("codeVersion is blank");
            }
            if (progress == null) {
                throw new IllegalArgumentException("progress writer is null");
            }
        }

        public static Settings of(int jobs, PrintWriter progress) {
            return new Settings(jobs, Provenance.codeVersion(), progress);
        }
    }

    /**
     * What happened.
     *
     * @param outcomes by stage name, in the stages' order
     * @param executed names of the stages run now, in the order they finished
     * @param skipped  names of the stages found complete, in the stages' order
     * @param seconds  wall time of the whole run
     */
    public record Result(Map<String, StageOutcome> outcomes, List<String> executed, List<String> skipped,
                         double seconds) {
        public Result {
            outcomes = Collections.unmodifiableMap(new LinkedHashMap<>(outcomes));
            executed = List.copyOf(executed);
            skipped = List.copyOf(skipped);
        }

        public StageOutcome outcome(String name) {
            StageOutcome o = outcomes.get(name);
            if (o == null) {
                throw new IllegalArgumentException("no stage named '" + name + "'");
            }
            return o;
        }
    }

    /** The planned folder and key of every stage, without running anything. */
    public record Plan(Map<String, String> keys, Map<String, Path> dirs) {
    }

    /** Keys and folders of {@code stages} under {@code root}; checks names, inputs and order. */
    public static Plan plan(Path root, List<Stage> stages, String codeVersion) {
        Map<String, String> keys = new LinkedHashMap<>();
        Map<String, Path> dirs = new LinkedHashMap<>();
        for (Stage s : stages) {
            if (keys.containsKey(s.name())) {
                throw new IllegalArgumentException("two stages are named '" + s.name() + "'");
            }
            String key = StageKeys.key(s.name(), s.config(), inputKeys(s, keys), codeVersion);
            keys.put(s.name(), key);
            dirs.put(s.name(), root.resolve(STAGES).resolve(StageKeys.folderName(s.name(), key)));
        }
        return new Plan(keys, dirs);
    }

    private static List<StageKeys.InputKey> inputKeys(Stage s, Map<String, String> keys) {
        List<StageKeys.InputKey> out = new ArrayList<>();
        for (String in : s.inputs()) {
            String k = keys.get(in);
            if (k == null) {
                throw new IllegalArgumentException("stage " + s.name() + ": input '" + in
                        + "' is not a stage declared before it");
            }
            out.add(new StageKeys.InputKey(in, k));
        }
        return out;
    }

    public static Result run(Path root, List<Stage> stages, Settings settings) {
        return new Run(root, stages, settings).run();
    }

    /** One run's mutable state; the main thread schedules, a pool runs the bodies. */
    private static final class Run {
        private final List<Stage> stages;
        private final Settings settings;
        private final Plan plan;
        private final Map<String, Set<String>> above = new HashMap<>();
        private final Map<String, StageOutcome> done = new LinkedHashMap<>();
        private final List<String> executed = new ArrayList<>();
        private final List<String> skipped = new ArrayList<>();
        private final Set<String> running = new HashSet<>();
        private final Set<String> heldLocks = new HashSet<>();
        private final AtomicInteger started = new AtomicInteger();
        private final long t0 = System.nanoTime();
        private int toRun;
        private double estimateToRun;
        private double estimateFinished;

        Run(Path root, List<Stage> stages, Settings settings) {
            this.stages = List.copyOf(stages);
            this.settings = settings;
            this.plan = plan(root, this.stages, settings.codeVersion());
            for (Stage s : this.stages) {
                Set<String> all = new LinkedHashSet<>();
                for (String in : s.inputs()) {
                    all.add(in);
                    all.addAll(above.get(in));
                }
                above.put(s.name(), all);
            }
        }

        Result run() {
            for (Stage s : stages) {
                Optional<StageOutcome> earlier = StageRecord.readComplete(plan.dirs().get(s.name()), s.name(),
                        plan.keys().get(s.name()));
                if (earlier.isPresent()) {
                    done.put(s.name(), earlier.get());
                    skipped.add(s.name());
                } else {
                    toRun++;
                    estimateToRun += s.estimateSeconds();
                }
            }
            line(String.format(Locale.ROOT, "pipeline: %d stages, %d complete from an earlier run (skipped), %d to run"
                    + " (up to %d at a time)", stages.size(), skipped.size(), toRun, settings.jobs()));
            if (!skipped.isEmpty()) {
                line("skipped: " + String.join(", ", skipped));
            }
            ExecutorService pool = Executors.newFixedThreadPool(settings.jobs(), r -> {
                Thread t = new Thread(r, "stage-worker");
                t.setDaemon(true);
                return t;
            });
            CompletionService<StageOutcome> cs = new ExecutorCompletionService<>(pool);
            Map<Future<StageOutcome>, Stage> futures = new HashMap<>();
            PipelineException failure = null;
            try {
                while (done.size() < stages.size()) {
                    if (failure == null) {
                        for (Stage s : stages) {
                            if (running.size() >= settings.jobs()) {
                                break;
                            }
                            if (ready(s)) {
                                running.add(s.name());
                                heldLocks.addAll(s.locks());
                                int n = started.incrementAndGet();
                                line(String.format(Locale.ROOT, "[%d/%d] start %s", n, toRun, s.name()));
                                Map<String, StageOutcome> inputs = new LinkedHashMap<>();
                                s.inputs().forEach(in -> inputs.put(in, done.get(in)));
                                futures.put(cs.submit(() -> execute(s, inputs)), s);
                            }
                        }
                    }
                    if (running.isEmpty()) {
                        if (failure != null) {
                            break;
                        }
                        throw new IllegalStateException("no stage can start: " + waiting());
                    }
                    Future<StageOutcome> f = cs.take();
                    Stage s = futures.remove(f);
                    running.remove(s.name());
                    heldLocks.removeAll(s.locks());
                    try {
                        StageOutcome o = f.get();
                        done.put(s.name(), o);
                        executed.add(s.name());
                        estimateFinished += s.estimateSeconds();
                        finishedLine(o);
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause() == null ? e : e.getCause();
                        line("failed: " + s.name() + ": " + cause);
                        if (failure == null) {
                            failure = new PipelineException(s.name(), cause);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while running stages", e);
            } finally {
                pool.shutdownNow();
            }
            if (failure != null) {
                throw failure;
            }
            Map<String, StageOutcome> ordered = new LinkedHashMap<>();
            stages.forEach(s -> ordered.put(s.name(), done.get(s.name())));
            return new Result(ordered, executed, skipped, elapsed());
        }

        private boolean ready(Stage s) {
            if (done.containsKey(s.name()) || running.contains(s.name())) {
                return false;
            }
            for (String a : above.get(s.name())) {
                if (!done.containsKey(a)) {
                    return false;
                }
            }
            for (String l : s.locks()) {
                if (heldLocks.contains(l)) {
                    return false;
                }
            }
            return true;
        }

        private String waiting() {
            List<String> names = new ArrayList<>();
            stages.stream().filter(s -> !done.containsKey(s.name())).forEach(s -> names.add(s.name()));
            return names.toString();
        }

        private StageOutcome execute(Stage s, Map<String, StageOutcome> inputs) throws Exception {
            Path dir = plan.dirs().get(s.name());
            String key = plan.keys().get(s.name());
            clear(dir);
            Files.createDirectories(dir);
            Instant begin = Instant.now();
            JsonNode result;
            try (StageLog log = new StageLog(settings.progress(), s.name(), dir.resolve("stage.log"));
                 PrintWriter w = new PrintWriter(log, true)) {
                result = s.body().run(new StageContext(dir, inputs, w));
            }
            Instant end = Instant.now();
            List<StageKeys.InputKey> inputKeys = new ArrayList<>();
            s.inputs().forEach(in -> inputKeys.add(new StageKeys.InputKey(in, plan.keys().get(in))));
            // Written last: its presence is the proof that everything above was written.
            StageRecord.write(dir, s, key, inputKeys, settings.codeVersion(), begin, end, result);
            return new StageOutcome(s.name(), key, dir, result, false, begin, end);
        }

        private void finishedLine(StageOutcome o) {
            double elapsed = elapsed();
            double remaining = Math.max(0, estimateToRun - estimateFinished);
            double eta = estimateFinished > 0 ? remaining * elapsed / estimateFinished
                    : remaining / settings.jobs();
            line(String.format(Locale.ROOT, "[%d/%d] done  %s in %s | elapsed %s, ETA %s", executed.size(), toRun,
                    o.name(), duration(o.seconds()), duration(elapsed),
                    executed.size() == toRun ? "0s" : "~" + duration(eta)));
        }

        private double elapsed() {
            return (System.nanoTime() - t0) / 1e9;
        }

        private void line(String text) {
            PrintWriter p = settings.progress();
            synchronized (p) {
                p.println(text);
                p.flush();
            }
        }
    }

    /** Deletes a folder and everything in it, if it exists. */
    static void clear(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    if (e != null) {
                        throw e;
                    }
                    Files.delete(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear the incomplete stage folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /** "45s", "3m05s", "1h02m". */
    static String duration(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
        }
        return (s / 3600) + "h" + String.format(Locale.ROOT, "%02d", (s % 3600) / 60) + "m";
    }
}
