package dev.emodistill.rl;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.negotiation.EmotionPolicy;
import dev.emodistill.negotiation.TurnContext;

import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * The tabular Q-learning baseline as an emotion policy (DESIGN §8): builds the live state with
 * {@link StateBuilder}, maps it to its {@link StateDiscretiser} cell and shows the emotion with the highest Q among
 * those the data supports there ({@link TabularQConfig#minVisits()}); a cell without such data gets the globally
 * best emotion. Deterministic and stateless, so one instance may serve many episodes and threads; the random
 * source is not used.
 */
public final class TabularPolicy implements EmotionPolicy {
    /** The name in reports. */
    public static final String NAME = "tabular-q";

    private final StateDiscretiser discretiser;
    private final StateBuilder states;
    private final TabularQTable table;
    private final TabularQConfig config;
    private final TabularTraining training;
    private final int globalBest;
    private final int[] choice;

    public TabularPolicy(StateDiscretiser discretiser, TabularQTable table, TabularQConfig config,
                         TabularTraining training) {
        if (table.cells() != discretiser.cellCount()) {
            throw new IllegalArgumentException("table has " + table.cells() + " cells, discretiser "
                    + discretiser.cellCount());
        }
        this.discretiser = discretiser;
        this.states = new StateBuilder(discretiser.schema());
        this.table = table;
        this.config = config;
        this.training = training;
        this.globalBest = table.globalBestAction(config.minVisits());
        if (globalBest < 0) {
            throw new IllegalArgumentException("the Q table has no visited (cell, emotion) pair");
        }
        // Decided once: acting is then a lookup, and every call for a cell gives the same answer.
        this.choice = new int[table.cells()];
        for (int c = 0; c < choice.length; c++) {
            int best = table.bestAction(c, config.minVisits());
            choice[c] = best >= 0 ? best : globalBest;
        }
    }

    @Override
    public Emotion choose(TurnContext context, SplittableRandom rng) {
        return act(states.build(StateInput.fromTurn(context)));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The emotion for a state vector in the policy's schema. */
    public Emotion act(float[] state) {
        return Emotion.ofIndex(choice[discretiser.cell(state)]);
    }

    /** The emotion chosen in a cell. */
    public Emotion action(int cell) {
        return Emotion.ofIndex(choice[cell]);
    }

    /** Whether a cell's choice is the global fallback because the data did not support any emotion there. */
    public boolean usesFallback(int cell) {
        return table.bestAction(cell, config.minVisits()) < 0;
    }

    /** The fallback emotion for cells without trusted data. */
    public Emotion globalBest() {
        return Emotion.ofIndex(globalBest);
    }

    public StateDiscretiser discretiser() {
        return discretiser;
    }

    public TabularQTable table() {
        return table;
    }

    public TabularQConfig config() {
        return config;
    }

    public TabularTraining training() {
        return training;
    }

    /**
     * The same policy with other training provenance, e.g. {@code withTraining(training().withScenarios(p))} to
     * record the corpus's scenario provenance in the checkpoint.
     */
    public TabularPolicy withTraining(TabularTraining value) {
        return new TabularPolicy(discretiser, table, config, value);
    }

    /** Writes the checkpoint folder; see {@link TabularCheckpoint}. */
    public void save(Path dir) {
        TabularCheckpoint.save(dir, this);
    }

    /** Reads a checkpoint folder written by {@link #save}. */
    public static TabularPolicy load(Path dir) {
        return TabularCheckpoint.load(dir);
    }
}
