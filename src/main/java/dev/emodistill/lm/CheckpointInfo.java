package dev.emodistill.lm;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * What made a checkpoint, written into its {@code emodistill.json}: the command, the seed, the training curves
 * (name to values, e.g. "loss" per step) and any further details the caller records (options, parent checkpoint).
 *
 * @param command what made it, e.g. "lm pretrain"
 * @param seed    the run's seed
 * @param curves  training curves by name
 * @param details extra JSON to keep (may be null)
 */
public record CheckpointInfo(String command, long seed, Map<String, List<Double>> curves, ObjectNode details) {

    public CheckpointInfo {
        curves = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(curves));
    }

    /** Just a command and a seed. */
    public static CheckpointInfo of(String command, long seed) {
        return new CheckpointInfo(command, seed, Map.of(), null);
    }
}
