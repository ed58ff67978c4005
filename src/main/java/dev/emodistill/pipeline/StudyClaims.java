package dev.emodistill.pipeline;

import dev.emodistill.report.StudyResults.Claim;
import dev.emodistill.report.StudyResults.MethodRow;
import dev.emodistill.report.StudyResults.PersonaTransfer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The paper's claims, each with a verdict computed from this run's numbers (point estimates; the intervals are in
 * the tables beside them). A claim "in at least 3 of 4 domains" needs three quarters of the domains run, rounded up,
 * counted among the domains where every number it needs was measured; a claim with no such domain is "not tested".
 * A claim that does not hold is reported as not holding.
 */
public final class StudyClaims {
    private StudyClaims() {
    }

    /** Expression-probe results of one domain: how often the evaluation head reads the intended emotion (top-1). */
    public record ProbeScores(String domain, double baseTop1, double sftTop1, double jpoTop1) {
    }

    /** Domains a claim needs out of {@code measured}: three quarters, rounded up. */
    public static int needed(int measured) {
        return (int) Math.ceil(0.75 * measured);
    }

    public static List<Claim> evaluate(List<String> domains, List<MethodRow> methods, List<PersonaTransfer> personas,
                                       List<ProbeScores> probes) {
        Map<String, Map<StudyMethod, Double>> eu = new LinkedHashMap<>();
        for (String d : domains) {
            Map<StudyMethod, Double> byMethod = new LinkedHashMap<>();
            for (MethodRow r : methods) {
                if (r.domain().equals(d)) {
                    for (StudyMethod m : StudyMethod.values()) {
                        if (m.label().equals(r.method()) && !Double.isNaN(r.expectedUtility())) {
                            byMethod.put(m, r.expectedUtility());
                        }
                    }
                }
            }
            eu.put(d, byMethod);
        }
        return List.of(highest(domains, eu), ablations(domains, eu), personaMargin(domains, personas),
                probes(domains, probes));
    }

    private static String scope(int n) {
        return n == 4 ? "in at least 3 of 4 domains"
                : String.format(Locale.ROOT, "in at least %d of the %d domain%s run (3 of 4, scaled)", needed(n), n,
                n == 1 ? "" : "s");
    }

    /** Counts the domains where a test held, among those it could be made on. */
    private static final class Tally {
        final List<String> lines = new ArrayList<>();
        int measured;
        int held;

        void add(String domain, Boolean holds, String detail) {
            if (holds == null) {
                lines.add(domain + ": not measured");
                return;
            }
            measured++;
            if (holds) {
                held++;
            }
            lines.add(domain + ": " + detail + (holds ? " (holds)" : " (does not hold)"));
        }

        Claim claim(String text) {
            if (measured == 0) {
                return new Claim(text, null, String.join("; ", lines));
            }
            boolean holds = held >= needed(measured);
            return new Claim(text, holds, String.format(Locale.ROOT, "holds in %d of %d domains (needs %d). %s", held,
                    measured, needed(measured), String.join("; ", lines)));
        }
    }

    private static Claim highest(List<String> domains, Map<String, Map<StudyMethod, Double>> eu) {
        Tally t = new Tally();
        for (String d : domains) {
            Map<StudyMethod, Double> m = eu.get(d);
            Double full = m.get(StudyMethod.FULL_STACK);
            if (full == null || m.size() < 2) {
                t.add(d, null, "");
                continue;
            }
            StudyMethod best = null;
            for (Map.Entry<StudyMethod, Double> e : m.entrySet()) {
                if (e.getKey() != StudyMethod.FULL_STACK && (best == null || e.getValue() > m.get(best))) {
                    best = e.getKey();
                }
            }
            double other = m.get(best);
            t.add(d, full >= other, String.format(Locale.ROOT, "full stack %.3f vs best other %.3f (%s)", full, other,
                    best.label()));
        }
        return t.claim("The full stack (IQL + SFT + JPO) has the highest expected utility " + scope(domains.size()));
    }

    private static Claim ablations(List<String> domains, Map<String, Map<StudyMethod, Double>> eu) {
        Tally t = new Tally();
        for (String d : domains) {
            Map<StudyMethod, Double> m = eu.get(d);
            Double full = m.get(StudyMethod.FULL_STACK);
            Double noJpo = m.get(StudyMethod.NO_JPO);
            Double free = m.get(StudyMethod.EMOTION_FREE);
            Double iqlOnly = m.get(StudyMethod.IQL_ONLY);
            Double sftOnly = m.get(StudyMethod.SFT_ONLY);
            if (full == null || noJpo == null || free == null || iqlOnly == null || sftOnly == null) {
                t.add(d, null, "");
                continue;
            }
            boolean holds = full > noJpo && noJpo > free && full > iqlOnly && full > sftOnly;
            t.add(d, holds, String.format(Locale.ROOT, "full %.3f, no JPO %.3f, emotion-free %.3f, IQL only %.3f, "
                    + "SFT only %.3f", full, noJpo, free, iqlOnly, sftOnly));
        }
        return t.claim("Ablations order as the paper claims: full stack > no JPO > emotion-free SFT, and full stack > "
                + "IQL only and > SFT only " + scope(domains.size()));
    }

    private static Claim personaMargin(List<String> domains, List<PersonaTransfer> personas) {
        Tally t = new Tally();
        for (String d : domains) {
            List<PersonaTransfer> full = personas.stream()
                    .filter(p -> p.domain().equals(d) && p.method().equals(StudyMethod.FULL_STACK.label())
                            && !Double.isNaN(p.marginOverVanilla()))
                    .toList();
            OptionalDouble mean = full.stream().mapToDouble(PersonaTransfer::marginOverVanilla).average();
            if (mean.isEmpty()) {
                t.add(d, null, "");
                continue;
            }
            StringBuilder each = new StringBuilder();
            for (PersonaTransfer p : full) {
                each.append(each.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%s %+.3f", p.persona(),
                        p.marginOverVanilla()));
            }
            t.add(d, mean.getAsDouble() > 0, String.format(Locale.ROOT, "mean margin %+.3f (%s)", mean.getAsDouble(),
                    each));
        }
        return t.claim("Against held-out personas the full stack keeps a positive margin in expected utility over "
                + "the vanilla SLM (mean over the personas) " + scope(domains.size()));
    }

    private static Claim probes(List<String> domains, List<ProbeScores> probes) {
        Tally t = new Tally();
        for (String d : domains) {
            ProbeScores p = probes.stream().filter(x -> x.domain().equals(d)).findFirst().orElse(null);
            if (p == null || Double.isNaN(p.baseTop1()) || Double.isNaN(p.sftTop1())) {
                t.add(d, null, "");
                continue;
            }
            t.add(d, p.sftTop1() > p.baseTop1(), String.format(Locale.ROOT,
                    "intended emotion read %.1f%% after SFT vs %.1f%% from the base model (JPO %.1f%%)",
                    100 * p.sftTop1(), 100 * p.baseTop1(), 100 * p.jpoTop1()));
        }
        return t.claim("Expression probes: after SFT the intended emotion is recognised more often than from the "
                + "base model prompted with it " + scope(domains.size()));
    }
}
