package dev.emodistill.eval;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.corpus.CorpusEpisode;
import dev.emodistill.corpus.CorpusTurn;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.InputException;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.Act;
import dev.emodistill.negotiation.Outcome;
import dev.emodistill.sim.Seeds;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The paper's affective-prompting analysis on a fixed-emotion corpus: per emotion, the success rate (Wilson 95 %
 * interval), expected utility and mean first-turn concession (95 % bootstrap intervals resampling scenarios), and
 * a test of whether emotion matters at all (Kruskal-Wallis on episode utilities across emotions, with a
 * permutation test as a distribution-free check).
 *
 * <p>First-turn concession is the position of the counterparty's first offer on the focal utility scale (0 = it
 * stayed at its own target): how far the first emotional message moved it. An immediate acceptance counts as the
 * accepted focal offer's position; an immediate walk-away has no concession and is left out of that mean.
 */
public final class EmotionCorpusStudy {
    public static final String EMOTIONS = "emotions";
    public static final String P_VALUE = "p_value";
    public static final String FIRST_TURN_CONCESSION = "first_turn_concession";
    public static final String FIRST_TURN_CONCESSION_CI = "first_turn_concession_ci";
    public static final String SUCCESS_RATE_CI = "success_rate_ci";
    /** Resamples for the permutation test. */
    public static final int PERMUTATIONS = 2000;

    /** One emotion's numbers. */
    public record Row(Emotion emotion, int episodes, double successRate, Stats.Interval successCi,
                      double expectedUtility, Stats.Interval expectedUtilityCi, double firstTurnConcession,
                      Stats.Interval firstTurnConcessionCi) {
    }

    /** The study: rows in label order (the control last), and the overall tests. */
    public record Result(List<Row> rows, GroupTests.Result kruskalWallis, GroupTests.PermutationResult permutation) {
        public ObjectNode toJson() {
            ObjectNode o = Json.object();
            ArrayNode arr = o.putArray(EMOTIONS);
            for (Row r : rows) {
                ObjectNode j = arr.addObject();
                j.put("emotion", r.emotion().label());
                j.put(Metrics.EPISODES, r.episodes());
                j.put(Metrics.SUCCESS_RATE, Json.round(r.successRate(), 4));
                interval(j, SUCCESS_RATE_CI, r.successCi());
                j.put(Metrics.EXPECTED_UTILITY, Json.round(r.expectedUtility(), 4));
                interval(j, Metrics.EXPECTED_UTILITY_CI, r.expectedUtilityCi());
                j.put(FIRST_TURN_CONCESSION, Json.round(r.firstTurnConcession(), 4));
                interval(j, FIRST_TURN_CONCESSION_CI, r.firstTurnConcessionCi());
            }
            o.put(P_VALUE, kruskalWallis.p());
            o.put("test", "Kruskal-Wallis on episode utility across emotions");
            o.put("h_statistic", Json.round(kruskalWallis.statistic(), 4));
            o.put("degrees_of_freedom", kruskalWallis.df());
            o.put("permutation_p_value", permutation.p());
            o.put("permutation_statistic", "between-group sum of squares of utility");
            o.put("permutations", permutation.permutations());
            return o;
        }

        private static void interval(ObjectNode o, String key, Stats.Interval i) {
            ArrayNode a = o.putArray(key);
            a.add(Json.round(i.low(), 4));
            a.add(Json.round(i.high(), 4));
        }
    }

    private EmotionCorpusStudy() {
    }

    public static Result of(List<CorpusEpisode> episodes, long seed) {
        Map<Emotion, List<CorpusEpisode>> byEmotion = new EnumMap<>(Emotion.class);
        for (CorpusEpisode e : episodes) {
            if (e.outcome() == Outcome.ERROR) {
                continue;
            }
            Emotion emotion = e.fixedEmotion();
            if (emotion == null) {
                throw new InputException("episode " + e.episodeId() + " was played with policy '" + e.policy()
                        + "': the per-emotion study needs a fixed-emotion corpus (sweep --policy fixed)");
            }
            byEmotion.computeIfAbsent(emotion, k -> new ArrayList<>()).add(e);
        }
        if (byEmotion.size() < 2) {
            throw new InputException("the per-emotion study needs episodes of at least two emotions, found "
                    + byEmotion.keySet());
        }
        List<Row> rows = new ArrayList<>();
        List<double[]> groups = new ArrayList<>();
        for (Map.Entry<Emotion, List<CorpusEpisode>> g : byEmotion.entrySet()) {
            rows.add(row(g.getKey(), g.getValue(), seed));
            groups.add(g.getValue().stream().mapToDouble(CorpusEpisode::utility).toArray());
        }
        return new Result(rows, GroupTests.KruskalWallis.test(groups),
                GroupTests.permutationTest(groups, PERMUTATIONS, Seeds.derive(seed, "permutation")));
    }

    private static Row row(Emotion emotion, List<CorpusEpisode> episodes, long seed) {
        int n = episodes.size();
        double[] utilities = new double[n];
        String[] scenarios = new String[n];
        long deals = 0;
        List<Double> concessions = new ArrayList<>();
        List<String> concessionScenarios = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            CorpusEpisode e = episodes.get(i);
            utilities[i] = e.utility();
            scenarios[i] = e.scenarioId();
            deals += e.outcome() == Outcome.DEAL ? 1 : 0;
            Double c = firstTurnConcession(e);
            if (c != null) {
                concessions.add(c);
                concessionScenarios.add(e.scenarioId());
            }
        }
        double[] cs = concessions.stream().mapToDouble(Double::doubleValue).toArray();
        long bootSeed = Seeds.derive(seed, "emotion-study", emotion.label());
        return new Row(emotion, n, deals / (double) n, Stats.wilson(deals, n), Stats.mean(utilities),
                Stats.clusteredBootstrapMean(utilities, scenarios, EpisodeSummary.RESAMPLES, bootSeed),
                cs.length == 0 ? Double.NaN : Stats.mean(cs),
                Stats.clusteredBootstrapMean(cs, concessionScenarios.toArray(String[]::new), EpisodeSummary.RESAMPLES,
                        bootSeed + 1));
    }

    /** Position of the counterparty's first offer (see class comment), or null. */
    static Double firstTurnConcession(CorpusEpisode e) {
        if (e.turns().size() < 2) {
            return null;
        }
        CorpusTurn reply = e.turns().get(1);
        if (reply.act() == Act.ACCEPT && e.turns().get(0).offer() != null) {
            return e.position(e.turns().get(0).offer());
        }
        return reply.offer() == null ? null : e.position(reply.offer());
    }
}
