package dev.emodistill.eval;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;
import dev.emodistill.negotiation.EpisodeResult;
import dev.emodistill.negotiation.Outcome;

import java.util.List;

/**
 * The headline numbers of a set of episodes (formulas on {@link Metrics}), with a 95 % bootstrap interval on
 * expected utility that resamples scenarios, and a Wilson interval on the success rate.
 *
 * @param episodes          N
 * @param successRate       deals / N
 * @param meanUtility       mean utility over deals, or null without deals
 * @param expectedUtility   mean utility over all episodes (0 for no deal)
 * @param expectedUtilityCi 95 % scenario-clustered bootstrap interval of expected utility
 * @param successCi         95 % Wilson interval of the success rate
 * @param meanRounds        mean focal turns
 * @param walkawayRate      walk-aways / N
 * @param timeoutRate       timeouts / N
 * @param errorRate         errors / N
 */
public record EpisodeSummary(int episodes, double successRate, Double meanUtility, double expectedUtility,
                             Stats.Interval expectedUtilityCi, Stats.Interval successCi, double meanRounds,
                             double walkawayRate, double timeoutRate, double errorRate) {

    /** Bootstrap resamples for the expected-utility interval. */
    public static final int RESAMPLES = 2000;

    public static EpisodeSummary of(List<EpisodeResult> results, long bootstrapSeed) {
        int n = results.size();
        double[] utilities = new double[n];
        String[] scenarios = new String[n];
        int deals = 0, walkaways = 0, timeouts = 0, errors = 0;
        double dealUtility = 0, rounds = 0;
        for (int i = 0; i < n; i++) {
            EpisodeResult r = results.get(i);
            utilities[i] = r.utility();
            scenarios[i] = r.scenario().id();
            rounds += r.rounds();
            switch (r.outcome()) {
                case DEAL -> {
                    deals++;
                    dealUtility += r.utility();
                }
                case WALKAWAY -> walkaways++;
                case TIMEOUT -> timeouts++;
                case ERROR -> errors++;
            }
        }
        if (n == 0) {
            return new EpisodeSummary(0, Double.NaN, null, Double.NaN, new Stats.Interval(Double.NaN, Double.NaN),
                    new Stats.Interval(0, 1), Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        return new EpisodeSummary(n, deals / (double) n, deals == 0 ? null : dealUtility / deals,
                Stats.mean(utilities), Stats.clusteredBootstrapMean(utilities, scenarios, RESAMPLES, bootstrapSeed),
                Stats.wilson(deals, n), rounds / n, walkaways / (double) n, timeouts / (double) n, errors / (double) n);
    }

    /** Count of episodes with the given outcome in a result list. */
    public static long count(List<EpisodeResult> results, Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** The summary as a JSON object keyed by {@link Metrics} names (values rounded to 4 decimals). */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put(Metrics.EPISODES, episodes);
        o.put(Metrics.SUCCESS_RATE, Json.round(successRate, 4));
        if (meanUtility == null) {
            o.putNull(Metrics.MEAN_UTILITY);
        } else {
            o.put(Metrics.MEAN_UTILITY, Json.round(meanUtility, 4));
        }
        o.put(Metrics.EXPECTED_UTILITY, Json.round(expectedUtility, 4));
        var ci = o.putArray(Metrics.EXPECTED_UTILITY_CI);
        ci.add(Json.round(expectedUtilityCi.low(), 4));
        ci.add(Json.round(expectedUtilityCi.high(), 4));
        o.put(Metrics.MEAN_ROUNDS, Json.round(meanRounds, 3));
        o.put(Metrics.WALKAWAY_RATE, Json.round(walkawayRate, 4));
        o.put(Metrics.TIMEOUT_RATE, Json.round(timeoutRate, 4));
        o.put(Metrics.ERROR_RATE, Json.round(errorRate, 4));
        return o;
    }
}
