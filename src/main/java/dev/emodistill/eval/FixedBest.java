package dev.emodistill.eval;

import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.domain.Scenario;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.EmotionPolicies;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.sim.EpisodeRunner;
import dev.emodistill.sim.Persona;
import dev.emodistill.sim.Seeds;
import dev.emodistill.sim.SimWorld;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code fixed:best} baseline: the single emotion with the highest expected utility on TRAINING scenarios only
 * (choosing it on the evaluation scenarios would leak the test set into the baseline). Taken from a fixed-emotion
 * corpus when one is given, else from a short fixed-emotion sweep on the training scenarios.
 *
 * @param emotion             the chosen emotion
 * @param expectedUtilities   expected utility of every emotion considered
 * @param source              how it was chosen, for provenance
 */
public record FixedBest(Emotion emotion, Map<Emotion, Double> expectedUtilities, String source) {

    /** From a fixed-emotion corpus; only episodes on the given training scenario ids count. */
    public static FixedBest fromCorpus(List<CorpusEpisode> episodes, Set<String> trainingIds, String source) {
        Map<Emotion, double[]> sums = new EnumMap<>(Emotion.class);
        for (CorpusEpisode e : episodes) {
            Emotion emotion = e.fixedEmotion();
            if (emotion == null || emotion.isControl() || e.outcome() == Outcome.ERROR) {
                continue;
            }
            if (!trainingIds.contains(e.scenarioId())) {
                throw new InputException(source + ": episode " + e.episodeId() + " is on scenario " + e.scenarioId()
                        + ", which is not a training scenario; fixed:best must be chosen on training scenarios only");
            }
            double[] s = sums.computeIfAbsent(emotion, k -> new double[2]);
            s[0] += e.utility();
            s[1]++;
        }
        if (sums.isEmpty()) {
            throw new InputException(source + ": no fixed-emotion episodes to choose fixed:best from");
        }
        Map<Emotion, Double> eu = new EnumMap<>(Emotion.class);
        sums.forEach((k, v) -> eu.put(k, v[0] / v[1]));
        return new FixedBest(best(eu), eu, source);
    }

    /** From a short sweep of all 28 emotions on the training scenarios (common random numbers across emotions). */
    public static FixedBest fromSweep(SimWorld world, List<Scenario> training, List<Persona> personas, int seeds,
                                      long seed, int workers) {
        List<EpisodeRunner.Task> tasks = new ArrayList<>();
        for (Emotion e : Emotion.GOEMOTIONS) {
            for (Scenario s : training) {
                for (Persona p : personas) {
                    for (int k = 0; k < seeds; k++) {
                        tasks.add(new EpisodeRunner.Task(s, p, () -> EmotionPolicies.fixed(e),
                                Seeds.derive(seed, "fixed-best", s.id(), p.name(), k)));
                    }
                }
            }
        }
        List<EpisodeResult> results = EpisodeRunner.run(world, tasks, workers, () -> { });
        int per = training.size() * personas.size() * seeds;
        Map<Emotion, Double> eu = new EnumMap<>(Emotion.class);
        for (int i = 0; i < Emotion.COUNT; i++) {
            eu.put(Emotion.ofIndex(i), results.subList(i * per, (i + 1) * per).stream()
                    .mapToDouble(EpisodeResult::utility).average().orElse(0));
        }
        return new FixedBest(best(eu), eu, "short fixed-emotion sweep on " + training.size() + " training scenarios x "
                + personas.size() + " personas x " + seeds + " seeds");
    }

    private static Emotion best(Map<Emotion, Double> eu) {
        return eu.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    }
}
