package dev.emodistill.negotiation;

import dev.emodistill.domain.Scenario;

import java.util.Collections;
import java.util.List;

/**
 * What an agent may see when it is its turn: the scenario, its role, its 0-based turn index t, the horizon H,
 * the tolerance, and the transcript so far (read-only). Offers are in the domain's unit;
 * {@link #position(double)} maps a value onto the focal utility scale (T_c = 0, T_f = 1, unclipped), which
 * tactics of either role use so one formula serves every domain and polarity.
 */
public final class TurnContext {
    private final Scenario scenario;
    private final Role role;
    private final int turn;
    private final int horizon;
    private final double toleranceUnits;
    private final List<Message> transcript;

    public TurnContext(Scenario scenario, Role role, int turn, int horizon, double toleranceUnits, List<Message> transcript) {
        this.scenario = scenario;
        this.role = role;
        this.turn = turn;
        this.horizon = horizon;
        this.toleranceUnits = toleranceUnits;
        this.transcript = Collections.unmodifiableList(transcript);
    }

    public Scenario scenario() {
        return scenario;
    }

    public Role role() {
        return role;
    }

    /** This agent's 0-based turn index t. */
    public int turn() {
        return turn;
    }

    /** H, the number of focal turns. */
    public int horizon() {
        return horizon;
    }

    /** t / H, in [0, 1). */
    public double progress() {
        return turn / (double) horizon;
    }

    /** t / (H - 1), reaching 1 on the last turn; what time-dependent tactics use. */
    public double deadlineProgress() {
        return horizon <= 1 ? 1 : Math.min(1, turn / (double) (horizon - 1));
    }

    public boolean isLastTurn() {
        return turn >= horizon - 1;
    }

    public double toleranceUnits() {
        return toleranceUnits;
    }

    /** Tolerance on the position scale. */
    public double tolerancePosition() {
        return toleranceUnits / Math.abs(scenario.span());
    }

    public List<Message> transcript() {
        return transcript;
    }

    /** Focal-utility position of a value: (T_c - x) / span, not clipped. */
    public double position(double value) {
        return scenario.position(value);
    }

    /** The value at a position (inverse of {@link #position}). */
    public double value(double position) {
        return scenario.valueAt(position);
    }

    /** The latest message from the other side, or null. */
    public Message lastFromOther() {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            if (transcript.get(i).speaker() != role) {
                return transcript.get(i);
            }
        }
        return null;
    }

    /** This side's latest message, or null. */
    public Message lastOwn() {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            if (transcript.get(i).speaker() == role) {
                return transcript.get(i);
            }
        }
        return null;
    }

    /** The latest offer stated by {@code who}, or null. */
    public Double standingOffer(Role who) {
        for (int i = transcript.size() - 1; i >= 0; i--) {
            Message m = transcript.get(i);
            if (m.speaker() == who && m.offer() != null) {
                return m.offer();
            }
        }
        return null;
    }

    public Double ownStandingOffer() {
        return standingOffer(role);
    }

    public Double otherStandingOffer() {
        return standingOffer(role.other());
    }
}
