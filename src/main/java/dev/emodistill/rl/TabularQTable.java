package dev.emodistill.rl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;

import java.util.function.BiFunction;

/**
 * A learned Q table, cells × 28 emotions, with how often each (cell, emotion) pair occurred in the training data.
 * Immutable: arrays are copied in and out. The visit counts are kept because an offline table is only as good as
 * its data: acting never picks a pair the data did not support (see {@link #bestAction}).
 */
public final class TabularQTable {
    private final double[][] q;
    private final int[][] visits;

    public TabularQTable(double[][] q, int[][] visits) {
        if (q.length != visits.length) {
            throw new IllegalArgumentException("q has " + q.length + " cells but visits has " + visits.length);
        }
        this.q = new double[q.length][];
        this.visits = new int[q.length][];
        for (int c = 0; c < q.length; c++) {
            if (q[c].length != Emotion.COUNT || visits[c].length != Emotion.COUNT) {
                throw new IllegalArgumentException("cell " + c + " must have " + Emotion.COUNT + " actions");
            }
            this.q[c] = q[c].clone();
            this.visits[c] = visits[c].clone();
        }
    }

    public int cells() {
        return q.length;
    }

    public double q(int cell, int action) {
        return q[cell][action];
    }

    public int visits(int cell, int action) {
        return visits[cell][action];
    }

    /** Transitions seen in a cell, over all emotions. */
    public int visits(int cell) {
        int n = 0;
        for (int v : visits[cell]) {
            n += v;
        }
        return n;
    }

    /** The emotion with the highest Q among those seen at least {@code minVisits} times in the cell; -1 if none. */
    public int bestAction(int cell, int minVisits) {
        int best = -1;
        for (int a = 0; a < Emotion.COUNT; a++) {
            if (visits[cell][a] >= minVisits && (best < 0 || q[cell][a] > q[cell][best])) {
                best = a;
            }
        }
        return best;
    }

    /**
     * The fallback for cells without trusted data: the emotion with the highest visit-weighted mean Q over all
     * cells, among emotions seen at least {@code minVisits} times in the whole dataset (or, if none is, seen at
     * all); -1 only for an empty table. Weighting by visits makes it "the best emotion where the data actually
     * went", not an average dominated by rarely visited cells.
     */
    public int globalBestAction(int minVisits) {
        int best = globalBest(minVisits);
        return best >= 0 ? best : globalBest(1);
    }

    private int globalBest(int minVisits) {
        int best = -1;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int a = 0; a < Emotion.COUNT; a++) {
            double sum = 0;
            int n = 0;
            for (int c = 0; c < q.length; c++) {
                sum += visits[c][a] * q[c][a];
                n += visits[c][a];
            }
            if (n >= minVisits && n > 0 && sum / n > bestValue) {
                bestValue = sum / n;
                best = a;
            }
        }
        return best;
    }

    /** {"actions": [labels], "cells": [{"cell", "label", "visits": [28], "q": [28]}]}. */
    public ObjectNode toJson(StateDiscretiser discretiser) {
        ObjectNode o = Json.object();
        ArrayNode actions = o.putArray("actions");
        Emotion.GOEMOTIONS.forEach(e -> actions.add(e.label()));
        ArrayNode cells = o.putArray("cells");
        for (int c = 0; c < q.length; c++) {
            ObjectNode cell = cells.addObject();
            cell.put("cell", c);
            cell.put("label", discretiser.label(c));
            ArrayNode v = cell.putArray("visits");
            ArrayNode values = cell.putArray("q");
            for (int a = 0; a < Emotion.COUNT; a++) {
                v.add(visits[c][a]);
                // Full precision on purpose: a reloaded table must break ties exactly as the saved one did.
                values.add(q[c][a]);
            }
        }
        return o;
    }

    /** Reads a stored table of {@code cellCount} cells; {@code error} turns (field, reason) into an exception. */
    public static TabularQTable fromJson(JsonNode node, int cellCount,
                                         BiFunction<String, String, ? extends RuntimeException> error) {
        JsonNode actions = node == null ? null : node.get("actions");
        if (actions == null || !actions.isArray() || actions.size() != Emotion.COUNT) {
            throw error.apply("actions", "missing or not the " + Emotion.COUNT + " emotion labels");
        }
        for (int a = 0; a < Emotion.COUNT; a++) {
            if (!Emotion.ofIndex(a).label().equals(actions.get(a).asText())) {
                throw error.apply("actions[" + a + "]", "expected '" + Emotion.ofIndex(a).label() + "', got "
                        + actions.get(a));
            }
        }
        JsonNode cells = node.get("cells");
        if (cells == null || !cells.isArray() || cells.size() != cellCount) {
            throw error.apply("cells", "expected " + cellCount + " cells, got "
                    + (cells == null || !cells.isArray() ? "none" : cells.size()));
        }
        double[][] q = new double[cellCount][Emotion.COUNT];
        int[][] visits = new int[cellCount][Emotion.COUNT];
        for (int c = 0; c < cellCount; c++) {
            JsonNode cell = cells.get(c);
            JsonNode v = cell.get("visits");
            JsonNode values = cell.get("q");
            if (v == null || !v.isArray() || v.size() != Emotion.COUNT || values == null || !values.isArray()
                    || values.size() != Emotion.COUNT) {
                throw error.apply("cells[" + c + "]", "needs 'visits' and 'q' lists of " + Emotion.COUNT);
            }
            for (int a = 0; a < Emotion.COUNT; a++) {
                if (!v.get(a).isIntegralNumber() || v.get(a).asInt() < 0) {
                    throw error.apply("cells[" + c + "].visits[" + a + "]", "not a non-negative integer");
                }
                if (!values.get(a).isNumber() || !Double.isFinite(values.get(a).asDouble())) {
                    throw error.apply("cells[" + c + "].q[" + a + "]", "not a finite number");
                }
                visits[c][a] = v.get(a).asInt();
                q[c][a] = values.get(a).asDouble();
            }
        }
        return new TabularQTable(q, visits);
    }
}
