package dev.emodistill.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.emodistill.eval.Evaluation;
import dev.emodistill.eval.ExploitabilityAudit;
import dev.emodistill.eval.PairedComparison;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;
import dev.emodistill.sim.EpisodeJson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Writes an exploitability audit as {@code audit.json}, {@code audit.csv}, {@code audit.md}, a self-contained
 * {@code audit.html} (the effect of each adversary on the target's utility and concessions, with 95 % paired
 * intervals, and the most effective emotion per phase) and {@code episodes.jsonl} (every episode played, failed
 * ones with their reason, optionally with its transcript).
 */
public final class AuditReport {
    public static final List<String> HEADERS = List.of("adversary", "episodes", "errors", "expected_utility",
            "expected_utility_ci_low", "expected_utility_ci_high", "success_rate", "mean_target_concession",
            "mean_deal_value", "utility_vs_no_emotion", "utility_vs_no_emotion_ci_low",
            "utility_vs_no_emotion_ci_high", "p_value_holm", "concession_vs_no_emotion",
            "concession_vs_no_emotion_ci_low", "concession_vs_no_emotion_ci_high");

    private AuditReport() {
    }

    public static Table table(ExploitabilityAudit.Result r) {
        List<List<String>> rows = new ArrayList<>();
        for (ExploitabilityAudit.Row row : r.rows()) {
            List<String> cells = new ArrayList<>(List.of(row.adversary(), Integer.toString(row.summary().episodes()),
                    Integer.toString(row.errors()), f(row.summary().expectedUtility()),
                    f(row.summary().expectedUtilityCi().low()), f(row.summary().expectedUtilityCi().high()),
                    f(row.summary().successRate()), f(row.meanConcession()),
                    row.meanDealValue() == null ? "" : f(row.meanDealValue())));
            cells.addAll(diff(row.utilityVsControl()));
            cells.add(row.pAdjusted() == null ? "" : String.format(Locale.ROOT, "%.3g", row.pAdjusted()));
            cells.addAll(diff(row.concessionVsControl()));
            rows.add(cells);
        }
        return new Table(HEADERS, rows);
    }

    /** One-paragraph verdict for the top of the report and the terminal. */
    public static String verdict(ExploitabilityAudit.Result r) {
        StringBuilder s = new StringBuilder();
        if (r.best() == null) {
            s.append(String.format(Locale.ROOT, "No exploitability score for '%s': every (scenario, seed) pair lost an "
                    + "episode to an error (%d of %d episodes failed).", r.target(), r.failedEpisodes(),
                    r.plannedEpisodes()));
            return s.toString();
        }
        PairedComparison c = r.best().utilityVsControl();
        s.append(String.format(Locale.ROOT,
                "Exploitability score of '%s': %+.3f expected utility for an emotional adversary over a neutral one "
                        + "(best emotion: %s, 95%% CI [%.3f, %.3f], Holm p = %.3g; %d scenarios x %d seeds).",
                r.target(), c.meanDifference(), r.best().adversary(), c.ci().low(), c.ci().high(), r.best().pAdjusted(),
                r.scenarios(), r.seeds()));
        if (!r.phases().isEmpty()) {
            s.append(" Most effective emotion by phase:");
            for (ExploitabilityAudit.Phase p : r.phases()) {
                s.append(String.format(Locale.ROOT, " %s %s (%+.3f concession, n=%d);", p.phase(), p.emotion(),
                        p.meanConcession(), p.observations()));
            }
            s.setLength(s.length() - 1);
            s.append('.');
        }
        if (r.failedEpisodes() > 0) {
            s.append(String.format(Locale.ROOT, " %d of %d episodes failed (errors, listed in episodes.jsonl) and are "
                    + "excluded: from the summaries, and with their partner from every paired comparison.",
                    r.failedEpisodes(), r.plannedEpisodes()));
        }
        return s.toString();
    }

    /** Writes the report without provenance notes (a bare result). */
    public static void write(Path dir, ExploitabilityAudit.Result r) {
        write(dir, r, Json.object(), List.of(), false);
    }

    /**
     * Writes every file of the report.
     *
     * @param provenance fields added to {@code audit.json} (domain, what made it, the target's endpoint and model,
     *                   prompt versions, token and cost accounting); must hold no secret
     * @param notes      lines shown under the title of {@code audit.md} and {@code audit.html} (e.g. the target's
     *                   endpoint, model and usage)
     * @param transcripts whether each line of {@code episodes.jsonl} also carries the episode's messages (every
     *                   text, act, offer and emotion; large for big audits, so off unless asked for)
     */
    public static void write(Path dir, ExploitabilityAudit.Result r, ObjectNode provenance, List<String> notes,
                             boolean transcripts) {
        Table table = table(r);
        String verdict = verdict(r);
        ObjectNode json = r.toJson();
        json.setAll(provenance);
        AtomicFiles.write(dir.resolve("episodes.jsonl"), w -> {
            for (Evaluation.Episode e : r.evaluation().episodes()) {
                ObjectNode line = e.toJson();
                if (transcripts) {
                    line.set("messages", EpisodeJson.toJson(e.result()).get("messages"));
                }
                w.write(Json.line(line));
                w.write('\n');
            }
        });
        AtomicFiles.writeString(dir.resolve("audit.csv"), Tables.csv(table));
        AtomicFiles.writeString(dir.resolve("audit.json"), Json.pretty(json) + "\n");
        StringBuilder md = new StringBuilder("# Emotional-exploitability audit: " + r.target() + "\n\n");
        notes.forEach(n -> md.append("- ").append(n).append('\n'));
        if (!notes.isEmpty()) {
            md.append('\n');
        }
        md.append(verdict).append("\n\n").append(Tables.markdown(table));
        AtomicFiles.writeString(dir.resolve("audit.md"), md.toString());
        HtmlPage page = new HtmlPage("Emotional-exploitability audit: " + r.target());
        notes.forEach(page::note);
        page.paragraph("Each adversary plays the target on the same (scenario, seed) pairs as the neutral "
                        + "(no-emotion) adversary; differences are paired, intervals are 95 % scenario-bootstrap, "
                        + "p-values are scenario-clustered sign-flip tests with Holm's correction.")
                .paragraph(verdict);
        if (r.rows().stream().anyMatch(row -> row.utilityVsControl() != null)) {
            page.svg(chart("Adversary's gain in expected utility over a neutral adversary", r,
                            ExploitabilityAudit.Row::utilityVsControl, "utility difference vs no emotion"))
                    .svg(chart("Extra concession by the target", r, ExploitabilityAudit.Row::concessionVsControl,
                            "concession difference vs no emotion (share of the span)"));
        }
        page.table("All numbers", table);
        AtomicFiles.writeString(dir.resolve("audit.html"), page.render());
    }

    private static String chart(String title, ExploitabilityAudit.Result r,
                                Function<ExploitabilityAudit.Row, PairedComparison> effect, String xLabel) {
        List<SvgCharts.Bar> bars = new ArrayList<>();
        r.rows().stream().filter(row -> effect.apply(row) != null)
                .sorted(Comparator.comparingDouble(row -> -effect.apply(row).meanDifference()))
                .forEach(row -> {
                    PairedComparison c = effect.apply(row);
                    bars.add(new SvgCharts.Bar(row.adversary(), c.meanDifference(), c.ci().low(), c.ci().high()));
                });
        return SvgCharts.barChartWithIntervals(title, bars, xLabel, new SvgCharts.Reference("no emotion", 0));
    }

    private static List<String> diff(PairedComparison c) {
        return c == null ? List.of("", "", "") : List.of(f(c.meanDifference()), f(c.ci().low()), f(c.ci().high()));
    }

    /** Four decimals; empty for a number that does not exist (an adversary whose every episode failed). */
    private static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }
}
