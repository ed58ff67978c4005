package dev.emodistill.cli;

import dev.emodistill.corpus.ScenarioProvenance;
import dev.emodistill.io.InputException;
import dev.emodistill.negotiation.EmotionPolicy;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/** Loads trained agents named {@code KIND:DIR} on the command line (iql, bc, dqn, cql, tabular, evo). */
final class TrainedAgents {
    /** Agent kinds that name a checkpoint folder. */
    static final List<String> KINDS = List.of("iql", "bc", "dqn", "cql", "tabular", "evo");

    /**
     * A loaded agent.
     *
     * @param name       for reports, e.g. {@code iql:runs/debt/iql}
     * @param policyForSeed fresh per-episode policies by seed index (several checkpoints take turns)
     * @param scenarios  the scenario provenance it was trained with (for --scenarios test and the leak check)
     */
    record Loaded(String name, IntFunction<EmotionPolicy> policyForSeed, ScenarioProvenance scenarios) {
    }

    private TrainedAgents() {
    }

    static boolean isTrained(String spec) {
        int colon = spec.indexOf(':');
        return colon > 0 && KINDS.contains(spec.substring(0, colon).toLowerCase(Locale.ROOT));
    }

    static Loaded load(String spec) {
        int colon = spec.indexOf(':');
        String kind = spec.substring(0, colon).toLowerCase(Locale.ROOT);
        Path dir = Path.of(spec.substring(colon + 1));
        throw new InputException("agent '" + spec + "': loading " + kind + " checkpoints (" + dir + ") is not available yet");
    }
}
