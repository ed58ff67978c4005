package dev.emodistill.sim;

import dev.emodistill.domain.Scenario;
import dev.emodistill.io.Parallel;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.EpisodeResult;

import java.util.List;
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
     * @param world    the world to play it in, or null for the runner's (agents with their own expresser)
     */
    public record Task(Scenario scenario, Persona persona, Supplier<EmotionPolicy> policy, long seed, SimWorld world) {
        public Task(Scenario scenario, Persona persona, Supplier<EmotionPolicy> policy, long seed) {
            this(scenario, persona, policy, seed, null);
        }
    }

    private EpisodeRunner() {
    }

    public static List<EpisodeResult> run(SimWorld world, List<Task> tasks, int workers, Runnable onEpisode) {
        return Parallel.map(tasks, workers, "episode-worker",
                t -> (t.world() == null ? world : t.world()).play(t.scenario(), t.persona(), t.policy().get(), t.seed()),
                onEpisode);
    }
}
