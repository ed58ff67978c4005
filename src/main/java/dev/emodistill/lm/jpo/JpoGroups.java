package dev.emodistill.lm.jpo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Judge Policy Optimization's advantages (DESIGN §9): a group is every focal turn of one scenario; a turn's
 * advantage is its judge score z-scored within its group and clipped at ±{@link #CLIP}; groups of fewer than
 * {@link #MIN_GROUP} turns are dropped, since their mean and spread say too little. A group whose scores are all
 * equal carries no preference and gets advantages of 0.
 */
public final class JpoGroups {
    /** Advantages are clipped to [-CLIP, CLIP]. */
    public static final double CLIP = 10;
    /** Groups smaller than this are dropped. */
    public static final int MIN_GROUP = 4;
    /** Spreads below this count as zero (all scores equal). */
    private static final double TINY = 1e-8;

    private JpoGroups() {
    }

    /** An item with its advantage. */
    public record Scored<T>(T item, String group, double score, double advantage) {
    }

    /** What came out: the scored items of kept groups (in input order) and the number of groups kept and dropped. */
    public record Result<T>(List<Scored<T>> items, int groupsKept, int groupsDropped, int itemsDropped) {
    }

    /**
     * Groups {@code items} by {@code groupOf} and z-scores {@code scoreOf} within each group (population standard
     * deviation).
     */
    public static <T> Result<T> advantages(List<T> items, Function<T, String> groupOf, ToDoubleFunction<T> scoreOf) {
        Map<String, List<T>> groups = new LinkedHashMap<>();
        for (T item : items) {
            groups.computeIfAbsent(groupOf.apply(item), g -> new ArrayList<>()).add(item);
        }
        Map<String, double[]> stats = new LinkedHashMap<>();
        int kept = 0;
        int dropped = 0;
        int itemsDropped = 0;
        for (Map.Entry<String, List<T>> g : groups.entrySet()) {
            if (g.getValue().size() < MIN_GROUP) {
                dropped++;
                itemsDropped += g.getValue().size();
                continue;
            }
            kept++;
            double mean = 0;
            for (T item : g.getValue()) {
                mean += scoreOf.applyAsDouble(item);
            }
            mean /= g.getValue().size();
            double var = 0;
            for (T item : g.getValue()) {
                double d = scoreOf.applyAsDouble(item) - mean;
                var += d * d;
            }
            stats.put(g.getKey(), new double[] {mean, Math.sqrt(var / g.getValue().size())});
        }
        List<Scored<T>> out = new ArrayList<>();
        for (T item : items) {
            String group = groupOf.apply(item);
            double[] s = stats.get(group);
            if (s == null) {
                continue;
            }
            double score = scoreOf.applyAsDouble(item);
            double a = s[1] < TINY ? 0 : (score - s[0]) / s[1];
            out.add(new Scored<>(item, group, score, Math.max(-CLIP, Math.min(CLIP, a))));
        }
        return new Result<>(List.copyOf(out), kept, dropped, itemsDropped);
    }
}
