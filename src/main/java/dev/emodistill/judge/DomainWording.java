package dev.emodistill.judge;

import dev.emodistill.domain.Bedtime;
import dev.emodistill.domain.Domain;
import dev.emodistill.negotiation.OfferFormat;

/**
 * The words the rationale uses for each domain, so a reader sees "days until payment" for debt, "minutes
 * until rescue" for disaster, "bedtime" for student and "days until surgery" for medical rather than bare
 * numbers in an unnamed unit.
 */
final class DomainWording {
    private DomainWording() {
    }

    /** A value as a phrase: "20 days until payment", "90 minutes until rescue", "10:30 PM bedtime". */
    static String quantity(Domain domain, double value) {
        return switch (domain) {
            case DEBT -> OfferFormat.render(domain, value) + " until payment";
            case DISASTER -> OfferFormat.render(domain, value) + " until rescue";
            case STUDENT -> Bedtime.format(value) + " bedtime";
            case MEDICAL -> OfferFormat.render(domain, value) + " until surgery";
        };
    }

    /** What an offer in this domain is called, for "states no ..." faults. */
    static String offerNoun(Domain domain) {
        return switch (domain) {
            case DEBT -> "payment deadline in days";
            case DISASTER -> "rescue time in minutes";
            case STUDENT -> "bedtime";
            case MEDICAL -> "surgery date in days";
        };
    }

    /** A short name for the other side. */
    static String counterparty(Domain domain) {
        return switch (domain) {
            case DEBT -> "debtor";
            case DISASTER -> "survivor";
            case STUDENT -> "teenager";
            case MEDICAL -> "patient";
        };
    }
}
