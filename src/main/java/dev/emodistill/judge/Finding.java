package dev.emodistill.judge;

import java.util.Objects;

/**
 * One observation of the embedded judge's rubric, with the points it adds to (or takes from) the score.
 *
 * @param component which part of the rubric found it
 * @param points    its contribution to the raw score (negative for most faults)
 * @param fault     whether the rationale lists it as a fault rather than a strength
 * @param note      a few words in the domain's terms, e.g. "calibrated concession from 15 days until payment"
 */
public record Finding(Component component, double points, boolean fault, String note) {

    /** The parts of the DESIGN §6 rubric. */
    public enum Component { FIRMNESS, THREATS, FIDELITY, CLARITY }

    public Finding {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(note, "note");
        if (!Double.isFinite(points)) {
            throw new IllegalArgumentException("points must be finite: " + points);
        }
    }

    static Finding strength(Component component, double points, String note) {
        return new Finding(component, points, false, note);
    }

    static Finding fault(Component component, double points, String note) {
        return new Finding(component, points, true, note);
    }
}
