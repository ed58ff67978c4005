package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.EkmanGroup;
import dev.emodistill.io.Json;

import java.util.function.BiFunction;

/**
 * Maps the continuous state vector of a {@link StateSchema} onto a small discrete state for tabular Q-learning
 * (DESIGN §8). A cell is the product of three coarse readings of the negotiation:
 * <ol>
 *   <li><b>phase</b>: {@code turn_progress} (t / H) cut into {@code phaseBins} equal bins; values at or past 1
 *       (the state after the last turn) land in the last bin;</li>
 *   <li><b>counterparty mood</b>: the Ekman group with the most perceived mass in the counterparty's last message
 *       ({@code cp_perceived_ekman=*}, ties by {@link EkmanGroup} order), or {@code none} before it has spoken
 *       (all seven masses are 0);</li>
 *   <li><b>counterparty move</b>: the sign of {@code cp_concession_last}: {@code conceded} (&gt; ε), {@code held}
 *       (|x| &le; ε) or {@code retreated} (&lt; -ε).</li>
 * </ol>
 * With the default 3 phases that is 3 × 8 × 3 = 72 cells: few enough that a per-domain random-behaviour corpus at
 * the paper's scale (4,000 episodes, about 40,000 transitions) fills the ~40 reachable cells with 80 to 3,600
 * transitions each, yet it still separates who the counterparty is (its displayed mood) and where the negotiation
 * stands, which is what the best emotion depends on. Domain features and the last
 * focal emotion are deliberately ignored: tabular selectors are trained per domain, and the last focal emotion
 * would multiply the table by 29.
 *
 * <p>Cell index = (phase × 8 + mood) × 3 + move.
 */
public final class StateDiscretiser {
    /** Version of the cell layout and rules; stored with every tabular checkpoint. */
    public static final int VERSION = 1;
    /**
     * A concession smaller than this (on the position scale) counts as "held": datasets round states to 6
     * decimals, so anything below that is rounding, not a move.
     */
    public static final double MOVE_EPSILON = 1e-6;
    /** Mood slots: the seven Ekman groups, then {@code none}. */
    public static final int MOODS = EkmanGroup.values().length + 1;
    private static final int NO_MOOD = EkmanGroup.values().length;
    private static final String[] MOVES = {"retreated", "held", "conceded"};

    private final StateSchema schema;
    private final int phaseBins;
    private final int progressIndex;
    private final int concessionIndex;
    private final int ekmanIndex;

    /**
     * @param schema    the layout of the state vectors it will read
     * @param phaseBins how many equal bins of t / H (at least 1)
     */
    public StateDiscretiser(StateSchema schema, int phaseBins) {
        if (phaseBins < 1) {
            throw new IllegalArgumentException("phaseBins must be at least 1, got " + phaseBins);
        }
        this.schema = schema;
        this.phaseBins = phaseBins;
        this.progressIndex = require(schema, "turn_progress");
        this.concessionIndex = require(schema, "cp_concession_last");
        this.ekmanIndex = require(schema, "cp_perceived_ekman=" + EkmanGroup.values()[0].label());
    }

    private static int require(StateSchema schema, String name) {
        int i = schema.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("state schema has no feature '" + name + "'");
        }
        return i;
    }

    public StateSchema schema() {
        return schema;
    }

    public int phaseBins() {
        return phaseBins;
    }

    /** The number of cells. */
    public int cellCount() {
        return phaseBins * MOODS * MOVES.length;
    }

    /** The cell of a state vector in this discretiser's schema. */
    public int cell(float[] state) {
        if (state.length != schema.dimension()) {
            throw new IllegalArgumentException("state has " + state.length + " features, schema has "
                    + schema.dimension());
        }
        return (phase(state[progressIndex]) * MOODS + mood(state)) * MOVES.length + move(state[concessionIndex]);
    }

    private int phase(double progress) {
        int bin = (int) Math.floor(progress * phaseBins);
        return Math.max(0, Math.min(phaseBins - 1, bin));
    }

    private int mood(float[] state) {
        int best = NO_MOOD;
        double bestMass = 0;
        for (int g = 0; g < EkmanGroup.values().length; g++) {
            if (state[ekmanIndex + g] > bestMass) {
                bestMass = state[ekmanIndex + g];
                best = g;
            }
        }
        return best;
    }

    private static int move(double concession) {
        if (concession > MOVE_EPSILON) {
            return 2;
        }
        return concession < -MOVE_EPSILON ? 0 : 1;
    }

    /** A readable name of a cell, e.g. {@code phase=2/3,cp_mood=anger,cp_move=held}. */
    public String label(int cell) {
        if (cell < 0 || cell >= cellCount()) {
            throw new IllegalArgumentException("cell must be 0.." + (cellCount() - 1) + ", got " + cell);
        }
        int move = cell % MOVES.length;
        int mood = (cell / MOVES.length) % MOODS;
        int phase = cell / (MOVES.length * MOODS);
        String moodName = mood == NO_MOOD ? "none" : EkmanGroup.values()[mood].label();
        return "phase=" + (phase + 1) + "/" + phaseBins + ",cp_mood=" + moodName + ",cp_move=" + MOVES[move];
    }

    /** What the manifest stores: version, bins, the rule in words and every cell's label. */
    public ObjectNode toJson() {
        ObjectNode o = Json.object();
        o.put("version", VERSION);
        o.put("phase_bins", phaseBins);
        o.put("cells", cellCount());
        o.put("rule", "cell = (phase * " + MOODS + " + cp_mood) * " + MOVES.length + " + cp_move; phase = "
                + "floor(turn_progress * phase_bins) clipped to the last bin; cp_mood = argmax of cp_perceived_ekman=*"
                + " (none when all are 0); cp_move = sign of cp_concession_last with epsilon " + MOVE_EPSILON);
        ArrayNode labels = o.putArray("labels");
        for (int c = 0; c < cellCount(); c++) {
            labels.add(label(c));
        }
        return o;
    }

    /**
     * Reads a stored discretiser for {@code schema}; {@code error} turns (field, reason) into the exception to
     * throw, so the caller can name its file.
     */
    public static StateDiscretiser fromJson(JsonNode node, StateSchema schema,
                                            BiFunction<String, String, ? extends RuntimeException> error) {
        if (node == null || !node.isObject()) {
            throw error.apply("discretiser", "missing or not an object");
        }
        JsonNode version = node.get("version");
        if (version == null || !version.isIntegralNumber() || version.asInt() != VERSION) {
            throw error.apply("discretiser.version", "expected discretiser version " + VERSION + ", got " + version
                    + "; retrain the tabular policy with this version of emodistill");
        }
        JsonNode bins = node.get("phase_bins");
        if (bins == null || !bins.isIntegralNumber() || bins.asInt() < 1) {
            throw error.apply("discretiser.phase_bins", "missing or not a positive integer");
        }
        return new StateDiscretiser(schema, bins.asInt());
    }
}
