package dev.emodistill.judge;

import java.util.List;

/**
 * How the embedded judge arrived at a score: the points of each rubric component, the raw total, the final
 * integer score and the findings behind them. Useful for debugging a policy's behaviour and for tests that
 * check one component at a time.
 *
 * @param firmness  firmness-versus-realism points (anchoring, concession size, capitulation, closing)
 * @param threats   empty-threat points (zero or negative)
 * @param fidelity  emotion-fidelity points from the evaluation head
 * @param clarity   clarity points (offer stated, length, repetition)
 * @param raw       {@link EmbeddedJudge#BASE} plus the four components, before rounding
 * @param score     the raw total rounded half up and clamped to 1..10
 * @param findings  every observation, in rubric order
 * @param rationale the one-line rationale
 */
public record RubricBreakdown(double firmness, double threats, double fidelity, double clarity, double raw,
                              int score, List<Finding> findings, String rationale) {

    public RubricBreakdown {
        findings = List.copyOf(findings);
    }

    public JudgeScore toScore() {
        return new JudgeScore(score, rationale);
    }

    /** True when some finding of this component is a fault. */
    public boolean hasFault(Finding.Component component) {
        return findings.stream().anyMatch(f -> f.fault() && f.component() == component);
    }
}
