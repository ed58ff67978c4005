package dev.emodistill.lm;

import java.util.ArrayList;
import java.util.List;

/**
 * A LoRA adapter's shape: W x + (alpha / rank) B A dropout(x) on each targeted linear module, with A [rank, in]
 * and B [out, rank]. Dropout masks come from the engine's generator (everything else is seeded in Java): with
 * dropout above 0, call {@code Engine.getInstance().setRandomSeed(seed)} before training for bit-identical runs.
 *
 * @param rank          r
 * @param alpha         scaling numerator (PEFT's {@code lora_alpha})
 * @param dropout       dropout on the adapter path's input, training only
 * @param targetModules among q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj (stored in that order)
 */
public record LoraConfig(int rank, double alpha, double dropout, List<String> targetModules) {

    public LoraConfig {
        if (rank <= 0) {
            throw new IllegalArgumentException("LoRA rank must be positive, got " + rank);
        }
        if (!(alpha > 0)) {
            throw new IllegalArgumentException("LoRA alpha must be positive, got " + alpha);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("LoRA dropout must be in [0, 1), got " + dropout);
        }
        if (targetModules.isEmpty()) {
            throw new IllegalArgumentException("LoRA needs at least one target module");
        }
        for (String m : targetModules) {
            if (!HfNames.MODULES.contains(m)) {
                throw new IllegalArgumentException("unknown LoRA target module '" + m + "' (one of "
                        + HfNames.MODULES + ")");
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String m : HfNames.MODULES) {
            if (targetModules.contains(m)) {
                ordered.add(m);
            }
        }
        targetModules = List.copyOf(ordered);
    }

    /** Rank r on q, k, v and o with alpha = 2r (scaling 2) and no dropout, as the benchmark anchor. */
    public static LoraConfig attention(int rank) {
        return new LoraConfig(rank, 2.0 * rank, 0, List.of("q_proj", "k_proj", "v_proj", "o_proj"));
    }

    /** Every linear module of the block: attention and MLP. */
    public static LoraConfig allLinear(int rank, double alpha, double dropout) {
        return new LoraConfig(rank, alpha, dropout, HfNames.MODULES);
    }

    public LoraConfig withDropout(double p) {
        return new LoraConfig(rank, alpha, p, targetModules);
    }

    public double scaling() {
        return alpha / rank;
    }

    public boolean targets(String module) {
        return targetModules.contains(module);
    }
}
