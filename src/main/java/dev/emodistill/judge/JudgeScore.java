package dev.emodistill.judge;

import java.util.Objects;

/**
 * A judge's verdict on one utterance.
 *
 * @param score     integer in 1..10 (10 best); the judge reward is (score - 5.5) / 4.5 (DESIGN §6)
 * @param rationale one short line naming the main strengths and faults; never contains a line break, because
 *                  it is stored in single-line JSON records and shown in one table cell
 */
public record JudgeScore(int score, String rationale) {
    public static final int MIN = 1;
    public static final int MAX = 10;

    public JudgeScore {
        if (score < MIN || score > MAX) {
            throw new IllegalArgumentException("judge score must be " + MIN + ".." + MAX + ", got " + score);
        }
        Objects.requireNonNull(rationale, "rationale");
        if (rationale.indexOf('\n') >= 0 || rationale.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("judge rationale must be one line: " + rationale);
        }
    }

    /** A verdict whose rationale is folded onto one line (for judges that receive free text, e.g. an LLM). */
    public static JudgeScore of(int score, String rationale) {
        String line = rationale == null ? "" : rationale.replaceAll("\\s+", " ").trim();
        return new JudgeScore(score, line);
    }

    /** The judge reward of DESIGN §6, (score - 5.5) / 4.5, in [-1, 1]. */
    public double reward() {
        return (score - 5.5) / 4.5;
    }
}
