package dev.emodistill.sim;

import dev.emodistill.domain.Scenario;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EpisodeResult;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Plays many independent episodes on a fixed number of worker threads and returns results in task order.
 * Because every episode is a pure function of its task (its own seed, fresh agents), the results are the
 * same for any number of workers.
 */
public final class EpisodeRunner {
    /**
     * One episode to play.
     *
     * @param scenario the case
     * @param persona  the simulated counterparty
     * @param policy   makes a fresh focal emotion policy for this episode
     * @param seed     the episode seed
     */
    public record Task(Scenario scenario, Persona persona, Supplier<EmotionPolicy> policy, long seed) {
    }

    private EpisodeRunner() {
    }

    public static List<EpisodeResult> run(SimWorld world, List<Task> tasks, int workers, Runnable onEpisode) {
        if (workers <= 1 || tasks.size() <= 1) {
            List<EpisodeResult> out = new ArrayList<>(tasks.size());
            for (Task t : tasks) {
                out.add(world.play(t.scenario(), t.persona(), t.policy().get(), t.seed()));
                onEpisode.run();
            }
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread th = new Thread(r, "episode-worker");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<EpisodeResult>> futures = new ArrayList<>(tasks.size());
            for (Task t : tasks) {
                futures.add(pool.submit(() -> {
                    EpisodeResult r = world.play(t.scenario(), t.persona(), t.policy().get(), t.seed());
                    onEpisode.run();
                    return r;
                }));
            }
            List<EpisodeResult> out = new ArrayList<>(tasks.size());
            for (Future<EpisodeResult> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running episodes", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }
}
