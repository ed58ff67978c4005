package dev.emodistill.rl;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.io.Json;

import java.util.List;

/**
 * Scores a whole generation of chains at once, so an implementation can play every chain on the same episodes
 * (common random numbers: differences in fitness are then differences between chains, not between the episodes
 * they happened to draw) and run them in parallel. Higher is better.
 */
@FunctionalInterface
public interface MarkovFitness {
    /**
     * @param population the chains of one generation
     * @param generation 0-based; implementations may draw fresh episodes per generation from it
     * @return one finite fitness per chain, in population order
     */
    double[] evaluate(List<MarkovChain> population, int generation);

    /** What the fitness measures, for the checkpoint's provenance. */
    default ObjectNode describe() {
        return Json.object().put("type", "custom");
    }
}
