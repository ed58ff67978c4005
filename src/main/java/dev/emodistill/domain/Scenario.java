package dev.emodistill.domain;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One negotiation case: the two targets (in the domain's unit) and every original field by its header
 * name, in header order. {@code estimated} is true when a target came from a documented default because
 * the source value was not a number ("Variable", "N/A (...)").
 *
 * @param id                 unique within its file; stable across runs (used to derive episode seeds)
 * @param domain             the negotiation domain
 * @param focalTarget        T_f, what the focal agent asks for
 * @param counterpartyTarget T_c, what the counterparty asks for
 * @param estimated          whether any target input was defaulted
 * @param fields             original fields by header name (unmodifiable, insertion-ordered)
 */
public record Scenario(String id, Domain domain, double focalTarget, double counterpartyTarget, boolean estimated,
                       Map<String, String> fields) {

    public Scenario {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(domain, "domain");
        if (!Double.isFinite(focalTarget) || !Double.isFinite(counterpartyTarget)) {
            throw new IllegalArgumentException("scenario " + id + ": targets must be finite numbers");
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** The unit of both targets and every offer. */
    public Unit unit() {
        return domain.unit();
    }

    /** The signed span T_c - T_f, pushed away from zero to magnitude at least 1 (DESIGN §2). */
    public double span() {
        return Utility.signedSpan(focalTarget, counterpartyTarget);
    }

    /** Focal utility of a deal at {@code value}: clip((T_c - x) / span, 0, 1). */
    public double utility(double value) {
        return Utility.of(focalTarget, counterpartyTarget, value);
    }

    /** Focal-utility position of a value: (T_c - x) / span, not clipped (0 = T_c, 1 = T_f). */
    public double position(double value) {
        return (counterpartyTarget - value) / span();
    }

    /** A value {@code fraction} of the way from T_c (0) toward T_f (1); the inverse of {@link #utility}. */
    public double valueAt(double fraction) {
        return counterpartyTarget - fraction * span();
    }
}
