package dev.emodistill.lm;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;

import java.util.function.Function;

/**
 * One optimisation step of a model: forward and loss in a per-step manager under a gradient collector, backward,
 * then an {@link AdamW} update at the schedule's rate with gradient clipping. Training mode (adapter dropout) is
 * on during the forward pass only. The optimizer is bound to the parameters that were trainable when this was
 * made (the adapter, or the whole base).
 */
public final class TrainStep {

    /**
     * @param loss         the batch loss
     * @param gradNorm     global gradient norm before clipping
     * @param learningRate the rate used
     */
    public record Result(double loss, double gradNorm, double learningRate) {
    }

    private final LlamaModel model;
    private final AdamW optimizer;
    private final CosineSchedule schedule;
    private final double maxGradNorm;
    private int step;

    public TrainStep(LlamaModel model, AdamW optimizer, CosineSchedule schedule, double maxGradNorm) {
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.maxGradNorm = maxGradNorm;
    }

    /** AdamW (defaults, the given weight decay) over the model's trainable parameters. */
    public static TrainStep of(LlamaModel model, CosineSchedule schedule, double weightDecay, double maxGradNorm) {
        return new TrainStep(model, new AdamW(model.trainableParameters(),
                AdamW.Options.defaults().withWeightDecay(weightDecay)), schedule, maxGradNorm);
    }

    /** Masked next-token cross-entropy on the batch (see {@link LlamaModel#maskedLoss}). */
    public Result step(TokenBatch batch) {
        return step(sm -> model.maskedLoss(sm, batch));
    }

    /**
     * A step on any scalar loss built from the model in the given per-step manager (e.g. JPO's objective from
     * {@link LlamaModel#scoredLogProbs}).
     */
    public Result step(Function<NDManager, NDArray> loss) {
        if (model.loraMerged()) {
            throw new IllegalStateException("unmerge the adapter before training it");
        }
        double rate = schedule.rate(step);
        double value;
        boolean wasTraining = model.training();
        try (NDManager sm = model.manager().newSubManager()) {
            model.setTraining(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray l = loss.apply(sm);
                gc.backward(l);
                value = l.toType(ai.djl.ndarray.types.DataType.FLOAT64, false).getDouble();
            } finally {
                model.setTraining(wasTraining);
            }
        }
        double norm = optimizer.step(rate, maxGradNorm);
        step++;
        return new Result(value, norm, rate);
    }

    /** Steps taken. */
    public int steps() {
        return step;
    }

    public AdamW optimizer() {
        return optimizer;
    }
}
