package dev.emodistill.judge;

import dev.emodistill.domain.Domain;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes the one-line rationale: what was offered, in the domain's words, then the main strengths (largest
 * points first) and the main faults (most costly first), at most {@value #MAX_PER_KIND} of each.
 * Example: "Offers 20 days until payment; good: calibrated concession from 15 days until payment to 20 days
 * until payment, shows anger as intended; faults: repeats an earlier sentence".
 */
final class Rationale {
    static final int MAX_PER_KIND = 3;

    private Rationale() {
    }

    static String write(Domain domain, OfferMove move, List<Finding> findings) {
        StringBuilder line = new StringBuilder(headline(domain, move));
        String good = join(findings.stream().filter(f -> !f.fault())
                .sorted(Comparator.comparingDouble(Finding::points).reversed()).toList());
        String bad = join(findings.stream().filter(Finding::fault)
                .sorted(Comparator.comparingDouble(Finding::points)).toList());
        line.append("; good: ").append(good.isEmpty() ? "nothing notable" : good);
        line.append("; faults: ").append(bad.isEmpty() ? "none" : bad);
        // Notes are built from numbers and fixed words, but fold whitespace anyway: the contract is one line.
        return line.toString().replaceAll("\\s+", " ").trim();
    }

    private static String headline(Domain domain, OfferMove move) {
        if (!move.hasOffer()) {
            return "No offer";
        }
        String quantity = DomainWording.quantity(domain, move.value());
        return move.accepted() ? "Accepts " + quantity : "Offers " + quantity;
    }

    private static String join(List<Finding> findings) {
        return findings.stream().limit(MAX_PER_KIND).map(Finding::note).collect(Collectors.joining(", "));
    }
}
