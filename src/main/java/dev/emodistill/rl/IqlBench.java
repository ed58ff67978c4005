package dev.emodistill.rl;

import ai.djl.engine.Engine;
import dev.emodistill.emotion.Emotion;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Throughput of the IQL trainer and latency of the trained selector, on random data shaped like the PyTorch
 * reference ({@code tools/anchor_iql.py}): 100,000 transitions with standard-normal states and rewards, uniform
 * actions over 28 emotions, 5 % terminal. Not a test: numbers depend on the machine and its load.
 *
 * <p>FLOPs count matrix multiplications only (2 per multiply-add): every forward pass the step makes (target pair
 * and V(s') without gradients; V, Q1, Q2 and the policy with), plus their backward passes (weight gradients of
 * every layer, input gradients of every layer but the first, whose input is data).
 */
public final class IqlBench {
    private static final int TRANSITIONS = 100_000;
    private static final int WARMUP_STEPS = 100;
    private static final int DECISIONS = 20_000;

    private IqlBench() {
    }

    /**
     * @param stateDim          state features
     * @param steps             timed steps (after {@value #WARMUP_STEPS} warm-up steps)
     * @param batch             minibatch size
     * @param hidden            hidden width (two hidden layers)
     * @param stepsPerSecond    full IQL updates per second
     * @param flopsPerStep      matrix-multiply FLOPs of one update
     * @param gflops            achieved GFLOP/s
     * @param actMicros         mean microseconds per greedy decision on a single state
     * @param engineSeconds     time to load the engine (first use in this JVM)
     */
    public record Result(int stateDim, int steps, int batch, int hidden, double stepsPerSecond, double flopsPerStep,
                         double gflops, double actMicros, double engineSeconds) {

        public String summary() {
            return String.format(Locale.ROOT, "iql state_dim=%d batch=%d hidden=%d steps=%d: %.1f steps/s "
                            + "(%.1f s per 20k steps), %.0f MFLOP/step, %.1f GFLOP/s; act %.1f us/decision; "
                            + "engine load %.1f s", stateDim, batch, hidden, steps, stepsPerSecond,
                    20_000 / stepsPerSecond, flopsPerStep / 1e6, gflops, actMicros, engineSeconds);
        }
    }

    public static Result run(int stateDim, int steps, int batch, int hidden) {
        long t0 = System.nanoTime();
        Engine.getEngine("PyTorch");
        double engineSeconds = (System.nanoTime() - t0) / 1e9;
        OfflineData data = randomData(stateDim, new SplittableRandom(0));
        IqlConfig cfg = IqlConfig.defaults(WARMUP_STEPS + steps, 0).withNetwork(hidden, 2).withBatchSize(batch);
        SelectorModel model;
        double seconds;
        try (Iql.Trainer trainer = new Iql.Trainer(data, cfg)) {
            for (int i = 0; i < WARMUP_STEPS; i++) {
                trainer.step();
            }
            long start = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                trainer.step();
            }
            seconds = (System.nanoTime() - start) / 1e9;
            model = trainer.model(null);
        }
        double flops = flopsPerStep(stateDim, batch, hidden);
        return new Result(stateDim, steps, batch, hidden, steps / seconds, flops, flops * steps / seconds / 1e9,
                actMicros(model, data), engineSeconds);
    }

    /** Matrix-multiply FLOPs of one fused IQL step; see the class comment. */
    static double flopsPerStep(int d, int batch, int hidden) {
        double critic = forward(d, hidden, Emotion.COUNT);
        double value = forward(d, hidden, 1);
        double forwardOnly = 2 * critic + value;
        double trainedForward = value + 3 * critic;
        // Backward: weight gradients cost one forward; input gradients one more, except the first layer's.
        double firstLayer = 2.0 * d * hidden;
        double backward = 2 * trainedForward - 4 * firstLayer;
        return batch * (forwardOnly + trainedForward + backward);
    }

    private static double forward(int d, int hidden, int out) {
        return 2.0 * (d * hidden + hidden * hidden + hidden * out);
    }

    private static double actMicros(SelectorModel model, OfflineData data) {
        int n = 1_000;
        float[][] states = new float[n][];
        for (int i = 0; i < n; i++) {
            states[i] = data.state(i);
        }
        long sink = 0;
        for (int i = 0; i < DECISIONS; i++) {
            sink += model.act(states[i % n]);
        }
        long start = System.nanoTime();
        for (int i = 0; i < DECISIONS; i++) {
            sink += model.act(states[i % n]);
        }
        double micros = (System.nanoTime() - start) / 1e3 / DECISIONS;
        return sink == Long.MIN_VALUE ? -1 : micros;
    }

    /** Random transitions shaped like the reference benchmark's data. */
    public static OfflineData randomData(int d, SplittableRandom rng) {
        int n = TRANSITIONS;
        float[] s = new float[n * d];
        float[] s2 = new float[n * d];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) gaussian(rng);
            s2[i] = (float) gaussian(rng);
        }
        int[] a = new int[n];
        float[] r = new float[n];
        float[] done = new float[n];
        boolean[] initial = new boolean[n];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            a[i] = rng.nextInt(Emotion.COUNT);
            r[i] = (float) gaussian(rng);
            done[i] = rng.nextDouble() < 0.05 ? 1 : 0;
            labels[i] = "random " + i;
        }
        return new OfflineData(d, s, a, r, s2, done, initial, labels, null, null);
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
        return Math.sqrt(-2 * Math.log(1 - rng.nextDouble())) * Math.cos(2 * Math.PI * rng.nextDouble());
    }

    /** {@code IqlBench [stateDim] [steps] [batch] [hidden]}, defaults as the reference: 48 2000 256 256. */
    public static void main(String[] args) {
        int d = args.length > 0 ? Integer.parseInt(args[0]) : 48;
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int batch = args.length > 2 ? Integer.parseInt(args[2]) : 256;
        int hidden = args.length > 3 ? Integer.parseInt(args[3]) : 256;
        System.out.println(run(d, steps, batch, hidden).summary());
    }
}
