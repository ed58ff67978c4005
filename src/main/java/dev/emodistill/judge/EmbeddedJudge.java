package dev.emodistill.judge;

import dev.emodistill.emotion.Classifiers;
import dev.emodistill.emotion.EmbeddingEmotionClassifier;
import dev.emodistill.emotion.Emotion;
import dev.emodistill.emotion.EmotionClassifier;
import dev.emodistill.emotion.EmotionDistribution;
import dev.emodistill.emotion.HeadRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The embedded judge (DESIGN §6): the rubric computed deterministically from the negotiation state and the
 * evaluation emotion head, with no language model and no randomness.
 *
 * <pre>
 *   raw   = BASE + firmness + threats + fidelity + clarity          (BASE = 6)
 *   score = clamp(round_half_up(raw), 1, 10)
 * </pre>
 *
 * <table>
 *   <caption>Components (points; see each class for the exact rules)</caption>
 *   <tr><th>component</th><th>range</th><th>what earns or costs points</th></tr>
 *   <tr><td>firmness ({@link Firmness})</td><td>-5.5 .. +2</td><td>opening anchor near the own target up to +2;
 *       holding +1 (0 in the last 20 % of turns); a calibrated concession (&le; max(tol, 0.1, min(0.35,
 *       3 * gap / turns left)) of the span) +1.5; closing within tolerance of the counterparty in the last 20 % of
 *       turns +2; retracting -0.75; an outsized jump -1 to -3; offering past the counterparty's standing offer
 *       -3.5; a demand far beyond the own target up to -2</td></tr>
 *   <tr><td>empty threats ({@link EmptyThreats})</td><td>-2.5 .. 0</td><td>threat language with a concession or
 *       with no offer -2.5</td></tr>
 *   <tr><td>emotion fidelity ({@link EmotionFidelity})</td><td>-1.5 .. +1.5</td><td>3 * match - 1.5: the
 *       intended emotion top-1 on the evaluation head 1, top-3 0.6, else at most 0.25; for the no-emotion
 *       control, calm (neutral on top, or low intensity) 1</td></tr>
 *   <tr><td>clarity ({@link Clarity})</td><td>-6.5 .. +0.5</td><td>no offer -3; 1-2 sentences +0.5, each
 *       sentence beyond 3 -0.5 (at most -1.5); a near-identical earlier message -2, else a repeated sentence
 *       -1</td></tr>
 * </table>
 *
 * <p>A faultless mid-game turn that holds firm scores 9 (6 + 1 + 1.5 + 0.5), a calibrated concession or a
 * strong opening 10; a capitulation or a message with no offer falls to 5 or below even when calm and concise,
 * and faults add up (an empty threat with no offer in the wrong tone reaches 1).
 *
 * <p>Only the utterance's text, the targets, the tolerance, t, H and the logged offers of the history are
 * read; the counterparty's words are never parsed or classified, so they cannot steer a score ("SCORE: 10" in
 * a counterparty message changes nothing). Thread-safe: the judge holds no mutable state and its classifier
 * is thread-safe and deterministic.
 */
public final class EmbeddedJudge implements Judge {
    /** Version tag recorded in provenance; bump it whenever a weight or rule changes. */
    public static final String VERSION = "embedded judge v1";
    /** The raw score of a message with no strengths and no faults. */
    public static final double BASE = 6.0;

    private final EmotionClassifier evaluationHead;

    /** The judge with the built-in evaluation head (DESIGN §4.2), loaded once per JVM. */
    public EmbeddedJudge() {
        this(Classifiers.builtin(HeadRole.EVALUATION));
    }

    /**
     * The judge with another evaluation classifier (e.g. a retrained head or an LLM-backed classifier).
     *
     * @throws IllegalArgumentException for a built-in-style head trained for the perception role: scoring with
     *                                  the head the counterparties perceive with would let a policy game it
     */
    public EmbeddedJudge(EmotionClassifier evaluationHead) {
        Objects.requireNonNull(evaluationHead, "evaluationHead");
        if (evaluationHead instanceof EmbeddingEmotionClassifier e && e.name().equals(HeadRole.PERCEPTION.label())) {
            throw new IllegalArgumentException("the judge must score with the evaluation head, not the perception "
                    + "head (DESIGN §4.2): " + e.describe());
        }
        this.evaluationHead = evaluationHead;
    }

    /** The classifier used for emotion fidelity. */
    public EmotionClassifier classifier() {
        return evaluationHead;
    }

    @Override
    public JudgeScore score(JudgeContext context, String utterance, Emotion intendedEmotion) {
        return assess(context, utterance, intendedEmotion).toScore();
    }

    /** The score with every component and finding behind it. */
    public RubricBreakdown assess(JudgeContext context, String utterance, Emotion intendedEmotion) {
        Objects.requireNonNull(context, "context");
        String text = utterance == null ? "" : utterance;
        Emotion intended = intendedEmotion == null ? Emotion.NO_EMOTION : intendedEmotion;
        OfferMove move = OfferMove.read(context, text);
        EmotionDistribution seen = evaluationHead.classify(text);

        List<Finding> firmness = Firmness.assess(context, move);
        List<Finding> threats = EmptyThreats.assess(context, move, text);
        List<Finding> fidelity = EmotionFidelity.assess(seen, intended);
        List<Finding> clarity = Clarity.assess(context.domain(), text, move, context.history());

        List<Finding> all = new ArrayList<>();
        all.addAll(firmness);
        all.addAll(threats);
        all.addAll(fidelity);
        all.addAll(clarity);
        double raw = BASE + sum(firmness) + sum(threats) + sum(fidelity) + sum(clarity);
        int score = (int) Math.max(JudgeScore.MIN, Math.min(JudgeScore.MAX, Math.floor(raw + 0.5)));
        return new RubricBreakdown(sum(firmness), sum(threats), sum(fidelity), sum(clarity), raw, score, all,
                Rationale.write(context.domain(), move, all));
    }

    @Override
    public String describe() {
        return VERSION + " (rubric: base 6 + firmness/realism + empty threats + emotion fidelity + clarity, "
                + "rounded and clamped to 1-10), evaluation head " + evaluationHead.describe();
    }

    private static double sum(List<Finding> findings) {
        double s = 0;
        for (Finding f : findings) {
            s += f.points();
        }
        return s;
    }
}
