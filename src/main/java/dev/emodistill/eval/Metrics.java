package dev.emodistill.eval;

/**
 * Metric names as they appear in JSON, CSV and reports. Tests assert on these constants, so a rename is a
 * deliberate, visible change. Formulas (DESIGN §2), over N episodes of which D ended in a deal:
 *
 * <ul>
 *   <li>{@link #SUCCESS_RATE} = D / N</li>
 *   <li>{@link #MEAN_UTILITY} = mean of u over deals only (null when D = 0)</li>
 *   <li>{@link #EXPECTED_UTILITY} = mean of u over all episodes, counting u = 0 for no deal</li>
 *   <li>{@link #MEAN_ROUNDS} = mean number of focal turns</li>
 *   <li>{@link #WALKAWAY_RATE} = walk-aways / N; {@link #TIMEOUT_RATE} and {@link #ERROR_RATE} likewise</li>
 * </ul>
 */
public final class Metrics {
    public static final String EPISODES = "episodes";
    public static final String SUCCESS_RATE = "success_rate";
    public static final String MEAN_UTILITY = "mean_utility";
    public static final String EXPECTED_UTILITY = "expected_utility";
    public static final String MEAN_ROUNDS = "mean_rounds";
    public static final String WALKAWAY_RATE = "walkaway_rate";
    public static final String TIMEOUT_RATE = "timeout_rate";
    public static final String ERROR_RATE = "error_rate";
    public static final String EXPECTED_UTILITY_CI = "expected_utility_ci";

    private Metrics() {
    }
}
