package dev.emodistill.corpus;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.domain.Scenario;
import dev.emodistill.domain.ScenarioSplit;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.io.Provenance;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.SimWorld;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs a sweep into a corpus folder, resumably (DESIGN §5). Episodes are played in parallel but appended in plan
 * order, so the episode file is always a prefix of the plan: a run killed at any moment (even with kill -9) and
 * started again with the same command skips what is there, repairs a torn last line, and produces a file
 * byte-identical to an uninterrupted run with any number of workers. A folder made with another configuration is
 * refused rather than mixed; a lock keeps two processes out of one folder.
 */
public final class Sweep {
    /** How often the episode file is forced to disk and the manifest's progress updated. */
    private static final long CHECKPOINT_NANOS = 2_000_000_000L;
    /** Episodes queued per worker ahead of the writer: keeps workers busy while bounding memory. */
    private static final int WINDOW_PER_WORKER = 16;

    private Sweep() {
    }

    /**
     * What a run did.
     *
     * @param retriedErrors error episodes a previous run left that this run played again
     * @param errorEpisodes episodes of the finished corpus that ended in an error
     */
    public record Result(int planned, int alreadyDone, int completed, boolean repairedTornLine, int retriedErrors,
                         int errorEpisodes) {
    }

    /** Listens to progress: how many episodes this run will play, then one call per episode written. */
    public interface Listener {
        void start(int toPlay, int alreadyDone);

        void episodeWritten();
    }

    public static Result run(SweepConfig config, ScenarioSplit split, List<Persona> personas, SimWorld world,
                             CorpusDir corpus, int workers, String command, Listener listener) {
        return run(config, split, personas, world, corpus, workers, command, listener, false);
    }

    /**
     * Runs or resumes a sweep. With {@code retryErrors}, episodes a previous run recorded as errors (a backend
     * that failed) are played again: the file is cut back to just before the first of them and the run resumes
     * from there, so the file stays a prefix of the plan in plan order. The episodes after that point are played
     * again too; they are deterministic, and with an LLM backend their replies come from the response cache, so in
     * effect only what failed is retried.
     */
    public static Result run(SweepConfig config, ScenarioSplit split, List<Persona> personas, SimWorld world,
                             CorpusDir corpus, int workers, String command, Listener listener, boolean retryErrors) {
        List<Scenario> scenarios = split.side(config.split());
        if (scenarios.isEmpty()) {
            throw new InputException("the " + config.split() + " side of the scenario split is empty");
        }
        List<PlannedEpisode> plan = SweepPlan.of(config, scenarios, personas);
        try (CorpusDir.Lock lock = corpus.lock()) {
            ObjectNode previous = checkResumable(config, corpus);
            EpisodeLog.Recovered recovered = EpisodeLog.recover(corpus.episodesFile(), plan);
            int done = recovered.episodes().size();
            int retried = 0;
            int errors = 0;
            for (int i = 0; i < done; i++) {
                if (recovered.episodes().get(i).outcome() == Outcome.ERROR) {
                    if (retryErrors && retried == 0) {
                        EpisodeLog.truncate(corpus.episodesFile(), i);
                        retried = (int) recovered.episodes().subList(i, done).stream()
                                .filter(e -> e.outcome() == Outcome.ERROR).count();
                        done = i;
                        break;
                    }
                    errors++;
                }
            }
            ObjectNode manifest = manifest(config, split, plan.size(), done, command, previous);
            corpus.writeManifest(manifest);
            listener.start(plan.size() - done, done);
            int[] played = {errors};
            try (EpisodeLog log = EpisodeLog.open(corpus.episodesFile(), done)) {
                play(plan, done, config, world, log, workers, listener, played, () -> {
                    manifest.put("completed_episodes", log.lines());
                    manifest.put("updated_at", Instant.now().toString());
                    corpus.writeManifest(manifest);
                });
            }
            manifest.put("completed_episodes", plan.size());
            manifest.put("status", CorpusDir.STATUS_COMPLETE);
            manifest.put("error_episodes", played[0]);
            manifest.put("updated_at", Instant.now().toString());
            manifest.putObject("files").put("episodes", CorpusDir.EPISODES)
                    .put("episodes_sha256", Provenance.sha256(corpus.episodesFile()));
            corpus.writeManifest(manifest);
            return new Result(plan.size(), done, plan.size() - done, recovered.repairedTornLine(), retried, played[0]);
        }
    }

    private static ObjectNode checkResumable(SweepConfig config, CorpusDir corpus) {
        if (!corpus.hasManifest()) {
            if (Files.exists(corpus.episodesFile())) {
                throw new InputException(corpus.episodesFile() + " exists but " + CorpusDir.MANIFEST
                        + " does not; refusing to append to a file of unknown origin (use another --out)");
            }
            return null;
        }
        ObjectNode previous = corpus.manifest();
        String stored = previous.path("config_sha256").asText();
        if (!stored.equals(config.fingerprint())) {
            List<String> diffs = config.differencesFrom(previous.path("config"));
            throw new InputException(corpus.dir() + " holds a sweep with a different configuration ("
                    + String.join("; ", diffs) + "); refusing to mix corpora. Re-run with the original options "
                    + "or choose another --out");
        }
        return previous;
    }

    private static ObjectNode manifest(SweepConfig config, ScenarioSplit split, int planned, int done, String command,
                                       ObjectNode previous) {
        ObjectNode m = Json.object();
        m.put("kind", CorpusDir.KIND);
        m.put("schema_version", CorpusDir.MANIFEST_VERSION);
        m.put("episode_schema_version", EpisodeCodec.SCHEMA_VERSION);
        m.set("created_by", Provenance.createdBy(command));
        m.set("config", config.toJson());
        m.put("config_sha256", config.fingerprint());
        ObjectNode scenarios = m.putObject("scenarios");
        ObjectNode source = scenarios.putObject("source");
        source.setAll(config.scenarioSource());
        if (config.scenarioPath() != null) {
            source.put("path", config.scenarioPath());
        }
        ArrayNode train = scenarios.putArray("train_ids");
        split.train().forEach(s -> train.add(s.id()));
        ArrayNode test = scenarios.putArray("test_ids");
        split.test().forEach(s -> test.add(s.id()));
        m.put("planned_episodes", planned);
        m.put("completed_episodes", done);
        m.put("status", CorpusDir.STATUS_RUNNING);
        JsonNode started = previous == null ? null : previous.get("started_at");
        m.put("started_at", started == null ? Instant.now().toString() : started.asText());
        m.put("updated_at", Instant.now().toString());
        return m;
    }

    private static void play(List<PlannedEpisode> plan, int from, SweepConfig config, SimWorld world, EpisodeLog log,
                             int workers, Listener listener, int[] errors, Runnable checkpoint) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, workers), r -> {
            Thread t = new Thread(r, "sweep-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            ArrayDeque<Future<CorpusEpisode>> window = new ArrayDeque<>();
            int next = from;
            int limit = Math.max(1, workers) * WINDOW_PER_WORKER;
            long lastCheckpoint = System.nanoTime();
            while (next < plan.size() && window.size() < limit) {
                window.add(submit(pool, plan.get(next++), config, world));
            }
            while (!window.isEmpty()) {
                CorpusEpisode e = window.poll().get();
                log.append(e);
                if (e.outcome() == Outcome.ERROR) {
                    errors[0]++;
                }
                listener.episodeWritten();
                if (next < plan.size()) {
                    window.add(submit(pool, plan.get(next++), config, world));
                }
                if (System.nanoTime() - lastCheckpoint > CHECKPOINT_NANOS) {
                    log.sync();
                    checkpoint.run();
                    lastCheckpoint = System.nanoTime();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("sweep interrupted; run the same command again to resume", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    private static Future<CorpusEpisode> submit(ExecutorService pool, PlannedEpisode p, SweepConfig config,
                                                SimWorld world) {
        return pool.submit(() -> {
            EpisodeResult r = play(p, config, world);
            return CorpusEpisode.of(p.episodeId(), p.persona().name(), p.policy(), p.seedIndex(), p.seed(),
                    world.protocol().horizon(), world.protocol().tolerance().units(p.scenario()), r);
        });
    }

    /**
     * Plays one planned episode. In a counterparty-role sweep the persona keeps its tactic and response profile but
     * shows the emotions of the swept policy, and the focal agent plays the configured focal policy.
     */
    private static EpisodeResult play(PlannedEpisode p, SweepConfig config, SimWorld world) {
        if (!CounterpartyView.isCounterpartyPolicy(p.policy())) {
            return world.play(p.scenario(), p.persona(), EmotionPolicies.parse(p.policy()), p.seed());
        }
        String swept = CounterpartyView.sweptPolicy(p.policy());
        SimWorld counterpartyRole = world.withCounterparty((scenario, persona, granularity, seed) ->
                SimWorld.counterparty(persona, EmotionPolicies.parse(swept), granularity, seed), "counterparty-role");
        return counterpartyRole.play(p.scenario(), p.persona(), EmotionPolicies.parse(config.focalPolicy()), p.seed());
    }
}
