package dev.emodistill.report;

import java.util.List;

import static dev.emodistill.report.SvgFormat.CHAR_WIDTH;
import static dev.emodistill.report.SvgFormat.num;
import static dev.emodistill.report.SvgFormat.plain;

/**
 * A vertical grouped bar chart with 95 % interval whiskers: one group per category along the x axis (e.g. a
 * domain), one coloured bar per series inside each group (e.g. a method), and a legend naming the series. A value
 * that is missing (NaN) is marked "n/a" in its slot rather than silently dropped. Inline SVG only.
 */
public final class SvgGroupedBarChart {
    private static final int WIDTH = 900;
    private static final int LEFT = 64;
    private static final int RIGHT = 20;
    private static final int TOP = 48;
    private static final int PLOT_HEIGHT = 300;
    private static final int LEGEND_ROW = 20;
    private static final int CAP = 3;

    private SvgGroupedBarChart() {
    }

    /**
     * Renders the chart.
     *
     * @param groups the categories along the x axis
     * @param series the bars in each group, in legend order
     * @param value  {@code [group][series]}; NaN for not measured
     * @param low    interval low ends, same shape; NaN (with {@code high} NaN) for no interval
     * @param high   interval high ends
     * @param yLabel what the bars measure
     */
    public static String render(String title, List<String> groups, List<String> series, double[][] value,
                                double[][] low, double[][] high, String yLabel) {
        check(groups, series, value, "value");
        check(groups, series, low, "low");
        check(groups, series, high, "high");
        double lo = 0;
        double hi = 0;
        for (int g = 0; g < groups.size(); g++) {
            for (int k = 0; k < series.size(); k++) {
                for (double v : new double[] {value[g][k], low[g][k], high[g][k]}) {
                    if (Double.isFinite(v)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        SvgFormat.Ticks y = SvgFormat.Ticks.covering(lo, hi, 5);

        double plotLeft = LEFT;
        double plotRight = WIDTH - RIGHT;
        double plotTop = TOP;
        double plotBottom = TOP + PLOT_HEIGHT;
        int longest = series.stream().mapToInt(String::length).max().orElse(4);
        double itemWidth = 30 + Math.min(40, longest) * CHAR_WIDTH;
        int perRow = Math.max(1, (int) ((plotRight - plotLeft) / itemWidth));
        int legendRows = (series.size() + perRow - 1) / perRow;
        double legendTop = plotBottom + 56;
        int height = (int) Math.ceil(legendTop + legendRows * LEGEND_ROW + 12);

        StringBuilder s = SvgFormat.open(WIDTH, height, title);
        for (double t : y.values()) {
            double ty = y.at(t, plotBottom, plotTop);
            SvgFormat.line(s, "grid", plotLeft, ty, plotRight, ty, SvgFormat.GRID);
            s.append("<text class=\"tick\" x=\"").append(num(plotLeft - 6)).append("\" y=\"").append(num(ty))
                    .append("\" dy=\"0.35em\" text-anchor=\"end\">").append(y.label(t)).append("</text>\n");
        }
        double zero = y.at(0, plotBottom, plotTop);
        SvgFormat.line(s, "axis", plotLeft, plotTop, plotLeft, plotBottom, SvgFormat.AXIS);
        SvgFormat.line(s, "zero", plotLeft, zero, plotRight, zero, SvgFormat.AXIS);
        s.append("<text class=\"y-label\" transform=\"translate(16,").append(num((plotTop + plotBottom) / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(Markup.escape(yLabel)).append("</text>\n");

        double groupWidth = (plotRight - plotLeft) / Math.max(1, groups.size());
        double barWidth = groupWidth * 0.84 / Math.max(1, series.size());
        for (int g = 0; g < groups.size(); g++) {
            double groupLeft = plotLeft + g * groupWidth + groupWidth * 0.08;
            SvgFormat.text(s, "group-label", plotLeft + (g + 0.5) * groupWidth, plotBottom + 18, "middle",
                    groups.get(g));
            for (int k = 0; k < series.size(); k++) {
                double x = groupLeft + k * barWidth;
                bar(s, groups.get(g), series.get(k), Palette.series(k), x, barWidth, value[g][k], low[g][k],
                        high[g][k], y, plotTop, plotBottom, zero);
            }
        }
        if (groups.isEmpty() || series.isEmpty()) {
            SvgFormat.text(s, "empty", (plotLeft + plotRight) / 2, (plotTop + plotBottom) / 2, "middle", "no data");
        }
        for (int k = 0; k < series.size(); k++) {
            double lx = plotLeft + (k % perRow) * itemWidth;
            double ly = legendTop + (k / perRow) * LEGEND_ROW;
            s.append("<rect class=\"legend-swatch\" x=\"").append(num(lx)).append("\" y=\"").append(num(ly - 10))
                    .append("\" width=\"12\" height=\"12\" fill=\"").append(Palette.series(k)).append("\"/>\n");
            SvgFormat.text(s, "legend", lx + 18, ly, "start", series.get(k));
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void bar(StringBuilder s, String group, String name, String colour, double x, double width,
                            double v, double lo, double hi, SvgFormat.Ticks y, double top, double bottom, double zero) {
        double inset = Math.min(1.5, width * 0.1);
        double mid = x + width / 2;
        if (Double.isNaN(v)) {
            s.append("<text class=\"missing\" x=\"").append(num(mid)).append("\" y=\"").append(num(zero - 4))
                    .append("\" text-anchor=\"middle\" font-size=\"9\" fill=\"#777\">n/a<title>")
                    .append(Markup.escape(group + " / " + name + ": not measured")).append("</title></text>\n");
            return;
        }
        double yv = y.at(v, bottom, top);
        String tooltip = group + " / " + name + ": " + plain(v)
                + (Double.isNaN(lo) ? "" : " (95 % CI " + plain(lo) + " to " + plain(hi) + ")");
        s.append("<rect class=\"bar\" x=\"").append(num(x + inset)).append("\" y=\"").append(num(Math.min(yv, zero)))
                .append("\" width=\"").append(num(width - 2 * inset)).append("\" height=\"")
                .append(num(Math.abs(zero - yv))).append("\" fill=\"").append(colour).append("\"><title>")
                .append(Markup.escape(tooltip)).append("</title></rect>\n");
        if (!Double.isNaN(lo)) {
            double yl = y.at(lo, bottom, top);
            double yh = y.at(hi, bottom, top);
            s.append("<line class=\"ci\" x1=\"").append(num(mid)).append("\" y1=\"").append(num(yl))
                    .append("\" x2=\"").append(num(mid)).append("\" y2=\"").append(num(yh))
                    .append("\" stroke=\"#1b1b1b\" stroke-width=\"1.2\"/>\n");
            double cap = Math.min(CAP, width / 3);
            for (double end : new double[] {yl, yh}) {
                s.append("<line class=\"ci-cap\" x1=\"").append(num(mid - cap)).append("\" y1=\"").append(num(end))
                        .append("\" x2=\"").append(num(mid + cap)).append("\" y2=\"").append(num(end))
                        .append("\" stroke=\"#1b1b1b\" stroke-width=\"1.2\"/>\n");
            }
        }
    }

    private static void check(List<String> groups, List<String> series, double[][] grid, String what) {
        if (groups == null || series == null || grid == null || grid.length != groups.size()) {
            throw new IllegalArgumentException(what + ": needs one row per group");
        }
        for (int g = 0; g < grid.length; g++) {
            if (grid[g] == null || grid[g].length != series.size()) {
                throw new IllegalArgumentException(what + ": group " + g + " needs one value per series");
            }
            for (double v : grid[g]) {
                if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException(what + ": values must be finite or NaN");
                }
            }
        }
    }
}
