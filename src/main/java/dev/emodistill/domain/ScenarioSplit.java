package dev.emodistill.domain;

import java.util.List;

/**
 * An explicit train/test split: the first {@code trainFraction} of scenarios in file order train, the rest
 * test (DESIGN §2.1, default 80 %). Splitting by position rather than by random draw keeps it obvious which
 * rows are held out, and lets later commands refuse to evaluate on training scenarios.
 *
 * @param train scenarios used to build corpora and train
 * @param test  held-out scenarios for evaluation
 */
public record ScenarioSplit(List<Scenario> train, List<Scenario> test) {
    public static final double DEFAULT_TRAIN_FRACTION = 0.8;

    public ScenarioSplit {
        train = List.copyOf(train);
        test = List.copyOf(test);
    }

    /** Splits by position; at least one scenario stays on each side when there are two or more. */
    public static ScenarioSplit of(List<Scenario> scenarios, double trainFraction) {
        if (!(trainFraction > 0 && trainFraction <= 1)) {
            throw new IllegalArgumentException("train fraction must be in (0, 1], got " + trainFraction);
        }
        int n = scenarios.size();
        int cut = (int) Math.round(n * trainFraction);
        if (n >= 2) {
            cut = Math.max(1, Math.min(n - 1, cut));
        }
        return new ScenarioSplit(scenarios.subList(0, cut), scenarios.subList(cut, n));
    }

    public static ScenarioSplit of(List<Scenario> scenarios) {
        return of(scenarios, DEFAULT_TRAIN_FRACTION);
    }

    /** Selects one side by name: {@code train}, {@code test} or {@code all}. */
    public List<Scenario> side(String name) {
        return switch (name) {
            case "train" -> train;
            case "test" -> test;
            case "all" -> {
                var all = new java.util.ArrayList<>(train);
                all.addAll(test);
                yield List.copyOf(all);
            }
            default -> throw new IllegalArgumentException("split must be train, test or all, got '" + name + "'");
        };
    }
}
