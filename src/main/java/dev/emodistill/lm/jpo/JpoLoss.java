package dev.emodistill.lm.jpo;

/**
 * The JPO objective for one sample, in plain arithmetic so it can be checked by hand (DESIGN §9):
 * <pre>
 *   ρ    = exp(mean over response tokens of (log π_θ − log π_b))
 *   loss = −min(ρ·A, clip(ρ, 1 − ε, 1 + ε)·A) + β · mean over tokens of KL₃
 *   KL₃  = exp(log π_ref − log π_θ) − (log π_ref − log π_θ) − 1      (per token; ≥ 0, unbiased for KL(π_θ‖π_ref))
 * </pre>
 * with ε = {@link #CLIP_EPSILON} and β = {@link #KL_BETA}. The training code computes the same formula on tensors;
 * this class is the reference its tests compare against.
 */
public final class JpoLoss {
    /** PPO clip range. */
    public static final double CLIP_EPSILON = 0.2;
    /** Weight of the K3 KL penalty toward the frozen SFT adapter. */
    public static final double KL_BETA = 0.04;

    private JpoLoss() {
    }

    /** The importance ratio from per-token log-probs of the response under the current and the behaviour policy. */
    public static double ratio(double[] logpCurrent, double[] logpBehaviour) {
        double s = 0;
        for (int i = 0; i < logpCurrent.length; i++) {
            s += logpCurrent[i] - logpBehaviour[i];
        }
        return Math.exp(s / logpCurrent.length);
    }

    /** The clipped surrogate −min(ρA, clip(ρ)A). */
    public static double surrogate(double ratio, double advantage) {
        double clipped = Math.max(1 - CLIP_EPSILON, Math.min(1 + CLIP_EPSILON, ratio));
        return -Math.min(ratio * advantage, clipped * advantage);
    }

    /** Token-mean K3 estimate of KL(π_θ ‖ π_ref). */
    public static double k3(double[] logpCurrent, double[] logpReference) {
        double s = 0;
        for (int i = 0; i < logpCurrent.length; i++) {
            double d = logpReference[i] - logpCurrent[i];
            s += Math.exp(d) - d - 1;
        }
        return s / logpCurrent.length;
    }

    /** The whole per-sample loss. */
    public static double loss(double[] logpCurrent, double[] logpBehaviour, double[] logpReference, double advantage) {
        return surrogate(ratio(logpCurrent, logpBehaviour), advantage) + KL_BETA * k3(logpCurrent, logpReference);
    }
}
