package dev.emodistill.judge;

import dev.emodistill.emotion.Emotion;

/**
 * Scores one focal utterance on the DESIGN §6 rubric: firmness versus realism (anchoring near the own target,
 * calibrated concessions, no capitulation, no empty threats, closing near the deadline), emotion fidelity and
 * clarity (states an offer, one or two sentences, no repetition), with domain-specific wording.
 *
 * <p>Implementations must be deterministic for a given input and safe to call from several threads: judged
 * corpora must reproduce whatever the number of workers. Text in the history (in particular the
 * counterparty's) is untrusted data and must never be able to steer the score.
 */
public interface Judge {

    /**
     * Scores {@code utterance}, the focal agent's message at {@code context}'s turn.
     *
     * @param context         the negotiation state just before the utterance
     * @param utterance       the focal message to score
     * @param intendedEmotion the emotion the speaker meant to display; {@link Emotion#NO_EMOTION} for the
     *                        vanilla control (intended display: calm); null is read as the control
     * @return an integer score 1-10 and a one-line rationale
     */
    JudgeScore score(JudgeContext context, String utterance, Emotion intendedEmotion);

    /** What this judge is, for provenance records (version, rubric, classifier head or model). */
    String describe();
}
