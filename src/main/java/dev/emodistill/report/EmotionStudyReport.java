package dev.emodistill.report;

import dev.emodistill.emotion.Emotion;
import dev.emodistill.eval.EmotionCorpusStudy;
import dev.emodistill.eval.Stats;
import dev.emodistill.io.AtomicFiles;
import dev.emodistill.io.Json;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * Writes the per-emotion study as {@code emotions.csv}, {@code emotions.md}, {@code emotions.json} and a
 * self-contained {@code emotions.html} with bar charts (expected utility and first-turn concession, 95 %
 * intervals, the no-emotion control as the reference line when the corpus has it).
 */
public final class EmotionStudyReport {
    public static final List<String> HEADERS = List.of("emotion", "episodes", "success_rate", "success_ci_low",
            "success_ci_high", "expected_utility", "expected_utility_ci_low", "expected_utility_ci_high",
            "first_turn_concession", "first_turn_concession_ci_low", "first_turn_concession_ci_high");

    private EmotionStudyReport() {
    }

    public static Table table(EmotionCorpusStudy.Result r) {
        List<List<String>> rows = new ArrayList<>();
        for (EmotionCorpusStudy.Row row : r.rows()) {
            rows.add(List.of(row.emotion().label(), Integer.toString(row.episodes()), f(row.successRate()),
                    f(row.successCi().low()), f(row.successCi().high()), f(row.expectedUtility()),
                    f(row.expectedUtilityCi().low()), f(row.expectedUtilityCi().high()), f(row.firstTurnConcession()),
                    f(row.firstTurnConcessionCi().low()), f(row.firstTurnConcessionCi().high())));
        }
        return new Table(HEADERS, rows);
    }

    /** Writes the four files into {@code dir}, each atomically. */
    public static void write(Path dir, EmotionCorpusStudy.Result r, String corpusName) {
        Table table = table(r);
        AtomicFiles.writeString(dir.resolve("emotions.csv"), Tables.csv(table));
        String summary = String.format(Locale.ROOT,
                "Does emotion matter? Kruskal-Wallis H = %.2f (df %d), p %s; permutation test p = %.3g (%d permutations).",
                r.kruskalWallis().statistic(), r.kruskalWallis().df(), pValue(r.kruskalWallis().p()), r.permutation().p(),
                r.permutation().permutations());
        AtomicFiles.writeString(dir.resolve("emotions.md"), "# Per-emotion study: " + corpusName + "\n\n" + summary
                + "\n\n" + Tables.markdown(table));
        AtomicFiles.writeString(dir.resolve("emotions.json"), Json.pretty(r.toJson()) + "\n");
        HtmlPage page = new HtmlPage("Per-emotion study: " + corpusName)
                .paragraph("Each emotion shown in every focal turn of an episode (fixed-emotion sweep). Intervals are "
                        + "95 %: Wilson for the success rate, bootstrap over scenarios for the means.")
                .paragraph(summary)
                .svg(chart("Expected utility by emotion", r, EmotionCorpusStudy.Row::expectedUtility,
                        EmotionCorpusStudy.Row::expectedUtilityCi, "expected utility (0 without a deal)"))
                .svg(chart("Counterparty's first-turn concession by emotion", r,
                        EmotionCorpusStudy.Row::firstTurnConcession, EmotionCorpusStudy.Row::firstTurnConcessionCi,
                        "position of its first offer (0 = its own target, 1 = the focal target)"))
                .table("All numbers", table);
        AtomicFiles.writeString(dir.resolve("emotions.html"), page.render());
    }

    private static String chart(String title, EmotionCorpusStudy.Result r, ToDoubleFunction<EmotionCorpusStudy.Row> value,
                                java.util.function.Function<EmotionCorpusStudy.Row, Stats.Interval> ci, String xLabel) {
        List<EmotionCorpusStudy.Row> rows = r.rows().stream().filter(row -> Double.isFinite(value.applyAsDouble(row)))
                .sorted(Comparator.comparingDouble(value).reversed()).toList();
        List<SvgCharts.Bar> bars = new ArrayList<>();
        SvgCharts.Reference reference = null;
        for (EmotionCorpusStudy.Row row : rows) {
            Stats.Interval i = ci.apply(row);
            double v = value.applyAsDouble(row);
            bars.add(Double.isFinite(i.low()) ? new SvgCharts.Bar(row.emotion().label(), v, i.low(), i.high())
                    : SvgCharts.Bar.of(row.emotion().label(), v));
            if (row.emotion() == Emotion.NO_EMOTION) {
                reference = new SvgCharts.Reference("no emotion", v);
            }
        }
        return reference == null ? SvgCharts.barChartWithIntervals(title, bars, xLabel)
                : SvgCharts.barChartWithIntervals(title, bars, xLabel, reference);
    }

    /** "= 0.0123", or "< 1e-300" where the chi-square tail underflows a double. */
    public static String pValue(double p) {
        return p < 1e-300 ? "< 1e-300" : String.format(Locale.ROOT, "= %.3g", p);
    }

    private static String f(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }
}
