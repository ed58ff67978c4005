package dev.emodistill.rl;

import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * A learner's output: the model, its training curves, and the reward normalisation it applied.
 *
 * @param model        the trained selector
 * @param curves       one JSON object per logged step (losses, mean advantage, ...)
 * @param rewardShift  rewards were mapped as (r - shift) / scale
 * @param rewardScale  see rewardShift
 * @param seconds      wall-clock training time
 */
public record TrainingRun(SelectorModel model, ArrayNode curves, double rewardShift, double rewardScale, double seconds) {
}
