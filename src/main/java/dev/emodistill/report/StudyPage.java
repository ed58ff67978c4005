package dev.emodistill.report;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.io.Json;
import dev.emodistill.report.StudyResults.Claim;
import dev.emodistill.report.StudyResults.Curve;
import dev.emodistill.report.StudyResults.EmotionEffect;
import dev.emodistill.report.StudyResults.MethodRow;
import dev.emodistill.report.StudyResults.TransferMatrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The study's {@code report.html}: one self-contained page (inline CSS and SVG, nothing loaded) with the claims and
 * their verdicts first, then the method comparison, per-emotion effects, training curves, transfer heat maps,
 * held-out personas, tournament standings and provenance. A section without data says "not run" instead of
 * disappearing, so a reader can tell "not run" from "left out".
 */
final class StudyPage {
    private final StudyResults r;
    private final HtmlPage page;
    private int charts;

    private StudyPage(StudyResults r) {
        this.r = r;
        this.page = new HtmlPage(r.title().isEmpty() ? "EmoDistill study" : r.title());
    }

    /** The page and the number of inline charts on it. */
    record Rendered(String html, int charts) {
    }

    static Rendered render(StudyResults r, List<String> csvFiles) {
        StudyPage p = new StudyPage(r);
        p.intro(csvFiles);
        p.claims();
        p.methods();
        p.emotions();
        p.curves();
        p.transfer();
        p.personas();
        p.tournament();
        p.page.heading("Provenance").preformatted(Json.pretty(r.provenance()));
        return new Rendered(p.page.render(), p.charts);
    }

    private void svg(String svg) {
        page.svg(svg);
        charts++;
    }

    private void intro(List<String> csvFiles) {
        page.paragraph("Scale: " + r.scale() + ". Generated " + r.generatedAt() + ". " + scaleCaveat());
        page.paragraph("Intervals are 95 %: Wilson for success rates, a bootstrap that resamples scenarios for "
                + "expected utility (0 without a deal). Differences are paired on identical (scenario, persona, seed) "
                + "triples, with p-values from a scenario-clustered paired test, Holm-corrected across comparisons.");
        page.note("The same numbers: results.md, results.json and, as CSV, " + String.join(", ", csvFiles) + ".");
    }

    private String scaleCaveat() {
        return switch (r.scale()) {
            case "tiny" -> "A tiny run is a smoke test of the pipeline: too few episodes for its differences to mean "
                    + "much.";
            case "small" -> "A small run: enough episodes for the main comparisons, fewer seeds than the paper.";
            default -> "A paper-scale run.";
        };
    }

    private void claims() {
        page.heading("Claims");
        if (r.claims().isEmpty()) {
            page.note("Not run: no claims were checked.");
            return;
        }
        page.paragraph(StudyTables.claimSummary(r));
        List<HtmlPage.Tone> tones = new ArrayList<>();
        for (Claim c : r.claims()) {
            tones.add(c.holds() == null ? HtmlPage.Tone.NEUTRAL : c.holds() ? HtmlPage.Tone.GOOD : HtmlPage.Tone.BAD);
        }
        page.table("The paper's claims against this run", StudyTables.claims(r), tones);
    }

    private void methods() {
        page.heading("Method comparison");
        if (r.methods().isEmpty()) {
            page.note("Not run: no method was evaluated.");
            return;
        }
        List<String> domains = r.methodDomains();
        List<String> methods = r.methods().stream().map(MethodRow::method).distinct().toList();
        double[][] v = nanGrid(domains.size(), methods.size());
        double[][] lo = nanGrid(domains.size(), methods.size());
        double[][] hi = nanGrid(domains.size(), methods.size());
        for (MethodRow m : r.methods()) {
            int g = domains.indexOf(m.domain());
            int k = methods.indexOf(m.method());
            v[g][k] = m.expectedUtility();
            lo[g][k] = m.expectedUtilityCi().low();
            hi[g][k] = m.expectedUtilityCi().high();
        }
        svg(SvgGroupedBarChart.render("Expected utility by method and domain (95 % CI)", domains, methods, v, lo, hi,
                "expected utility"));
        page.table("Expected utility by method and domain", StudyTables.overview(r));
        for (String domain : domains) {
            page.subheading("Domain: " + domain);
            page.table(StudyTables.main(r, domain));
        }
    }

    private void emotions() {
        page.heading("Per-emotion effects");
        if (r.emotions().isEmpty()) {
            page.note("Not run: no per-emotion study.");
            return;
        }
        page.paragraph("Each emotion shown in every focal turn of an episode; the dashed line is the no-emotion "
                + "control where it was run. Bars are sorted by expected utility.");
        for (String domain : r.emotionDomains()) {
            List<EmotionEffect> effects = r.emotions().stream()
                    .filter(e -> e.domain().equals(domain) && !Double.isNaN(e.expectedUtility()))
                    .sorted(Comparator.comparingDouble(EmotionEffect::expectedUtility).reversed()).toList();
            List<SvgCharts.Bar> bars = new ArrayList<>();
            SvgCharts.Reference reference = null;
            for (EmotionEffect e : effects) {
                bars.add(Double.isNaN(e.ci().low()) ? SvgCharts.Bar.of(e.emotion(), e.expectedUtility())
                        : new SvgCharts.Bar(e.emotion(), e.expectedUtility(), e.ci().low(), e.ci().high()));
                if (Emotion.parse(e.emotion()).filter(Emotion::isControl).isPresent()) {
                    reference = new SvgCharts.Reference("no emotion", e.expectedUtility());
                }
            }
            String title = "Expected utility by emotion: " + domain;
            String xLabel = "expected utility (0 without a deal), 95 % CI";
            svg(reference == null ? SvgCharts.barChartWithIntervals(title, bars, xLabel)
                    : SvgCharts.barChartWithIntervals(title, bars, xLabel, reference));
        }
        page.table("Expected utility by emotion and domain [95 % CI]", StudyTables.emotions(r));
    }

    private void curves() {
        page.heading("Training curves");
        if (r.curves().isEmpty()) {
            page.note("Not run: no training curves were recorded.");
            return;
        }
        for (String group : r.curveGroups()) {
            List<SvgLineChart.Series> series = new ArrayList<>();
            for (Curve c : r.curves()) {
                if (c.group().equals(group)) {
                    double[] x = new double[c.points().size()];
                    double[] y = new double[c.points().size()];
                    for (int i = 0; i < x.length; i++) {
                        x[i] = c.points().get(i).step();
                        y[i] = c.points().get(i).value();
                    }
                    series.add(new SvgLineChart.Series(c.name(), x, y));
                }
            }
            svg(SvgLineChart.render("Training curves: " + group, series, "step", "value"));
        }
        page.table("Curves at a glance (every point is in tables/curves.csv)", StudyTables.curves(r));
    }

    private void transfer() {
        page.heading("Transfer across domains");
        if (r.transfer().isEmpty()) {
            page.note("Not run: no transfer matrix.");
            return;
        }
        page.paragraph("Expected utility of an agent trained on one domain (rows) and evaluated on another "
                + "(columns); the diagonal is in-domain. Grey cells were not run.");
        // One colour scale for every agent, so equal colours mean equal utility across the heat maps.
        double lo = Double.NaN;
        double hi = Double.NaN;
        for (TransferMatrix t : r.transfer()) {
            double[] range = SvgHeatMap.range(t.expectedUtility());
            if (range[0] <= range[1]) {
                lo = Double.isNaN(lo) ? range[0] : Math.min(lo, range[0]);
                hi = Double.isNaN(hi) ? range[1] : Math.max(hi, range[1]);
            }
        }
        for (TransferMatrix t : r.transfer()) {
            svg(SvgHeatMap.render(String.format(Locale.ROOT, "Transfer of %s: expected utility", t.agent()),
                    t.trainDomains(), t.testDomains(), t.expectedUtility(), t.ciLow(), t.ciHigh(), "trained on",
                    "tested on", "expected utility (scale shared by all agents)", lo, hi));
        }
    }

    private void personas() {
        page.heading("Held-out personas");
        if (r.personas().isEmpty()) {
            page.note("Not run: no held-out persona evaluation.");
            return;
        }
        page.paragraph("Counterparty personas never seen in training; the margin is over the vanilla SLM on the "
                + "same persona.");
        page.table(StudyTables.personas(r));
    }

    private void tournament() {
        page.heading("Tournament standings");
        if (r.standings().isEmpty() && r.tournaments().isEmpty()) {
            page.note("Not run: no tournament was played.");
            return;
        }
        page.paragraph("Round-robin of trained focal agents against trained and untrained counterparties.");
        if (r.tournaments().isEmpty()) {
            page.table(StudyTables.tournament(r));
            return;
        }
        page.paragraph("Every focal agent meets every counterparty on the same held-out (scenario, seed) pairs. The "
                + "focal agent's utility is u on a deal, the counterparty's 1 - u, both 0 without a deal; expected "
                + "utilities have 95 % intervals from a bootstrap over scenarios. Focal agents are ranked by their mean "
                + "over all counterparties, counterparties by theirs over all focal agents; a match is won by the side "
                + "with the higher expected utility.");
        for (String domain : r.tournamentDomains()) {
            page.subheading("Tournament: " + domain);
            r.tournaments().stream().filter(t -> t.domain().equals(domain)).findFirst().ifPresent(t -> {
                svg(SvgHeatMap.render("Focal expected utility by match: " + domain, t.focal(), t.counterparties(),
                        t.focalEu(), t.ciLow(), t.ciHigh(), "focal agent", "counterparty",
                        "focal expected utility (u, 0 without a deal)"));
                page.table("Matches: focal / counterparty expected utility", StudyTables.tournamentMatches(t));
            });
            page.table("Focal agents", StudyTables.tournament(r, domain, "focal"));
            page.table("Counterparties", StudyTables.tournament(r, domain, "counterparty"));
        }
    }

    private static double[][] nanGrid(int rows, int cols) {
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
            java.util.Arrays.fill(row, Double.NaN);
        }
        return g;
    }
}
