package dev.emodistill.report;

import java.util.ArrayList;
import java.util.List;

import static dev.emodistill.report.SvgFormat.CHAR_WIDTH;
import static dev.emodistill.report.SvgFormat.num;

/**
 * A line chart of several series (e.g. the losses of one training run) with ticked axes and a legend. NaN values
 * break a line rather than being bridged, so a diverged run shows a gap. Long series are thinned for drawing to
 * {@value #MAX_DRAWN} evenly spaced points (the first and last kept); the CSV keeps every point. Inline SVG only.
 */
public final class SvgLineChart {
    /** The most points drawn per series: more adds bytes, not visible detail, at this width. */
    public static final int MAX_DRAWN = 600;
    private static final int WIDTH = 900;
    private static final int LEFT = 72;
    private static final int RIGHT = 20;
    private static final int TOP = 44;
    private static final int PLOT_HEIGHT = 240;
    private static final int LEGEND_ROW = 20;

    private SvgLineChart() {
    }

    /**
     * One line: {@code x[i]} against {@code y[i]} (arrays copied). x values must be finite; y may be NaN.
     */
    public record Series(String name, double[] x, double[] y) {
        public Series {
            name = name == null ? "" : name;
            if (x == null || y == null || x.length != y.length) {
                throw new IllegalArgumentException("series '" + name + "': x and y need the same length");
            }
            x = x.clone();
            y = y.clone();
            for (int i = 0; i < x.length; i++) {
                if (!Double.isFinite(x[i]) || Double.isInfinite(y[i])) {
                    throw new IllegalArgumentException("series '" + name + "' point " + i
                            + ": x must be finite and y finite or NaN");
                }
            }
        }
    }

    public static String render(String title, List<Series> series, String xLabel, String yLabel) {
        if (series == null) {
            throw new IllegalArgumentException("series is null");
        }
        double xLo = Double.POSITIVE_INFINITY;
        double xHi = Double.NEGATIVE_INFINITY;
        double yLo = Double.POSITIVE_INFINITY;
        double yHi = Double.NEGATIVE_INFINITY;
        for (Series sr : series) {
            for (int i = 0; i < sr.x().length; i++) {
                if (!Double.isNaN(sr.y()[i])) {
                    xLo = Math.min(xLo, sr.x()[i]);
                    xHi = Math.max(xHi, sr.x()[i]);
                    yLo = Math.min(yLo, sr.y()[i]);
                    yHi = Math.max(yHi, sr.y()[i]);
                }
            }
        }
        boolean empty = xLo > xHi;
        if (empty) {
            xLo = 0;
            xHi = 1;
            yLo = 0;
            yHi = 1;
        }
        SvgFormat.Ticks x = SvgFormat.Ticks.covering(xLo, xHi, 8);
        SvgFormat.Ticks y = SvgFormat.Ticks.covering(yLo, yHi, 5);

        double plotLeft = LEFT;
        double plotRight = WIDTH - RIGHT;
        double plotTop = TOP;
        double plotBottom = TOP + PLOT_HEIGHT;
        int longest = series.stream().mapToInt(sr -> sr.name().length()).max().orElse(4);
        double itemWidth = 40 + Math.min(40, longest) * CHAR_WIDTH;
        int perRow = Math.max(1, (int) ((plotRight - plotLeft) / itemWidth));
        int legendRows = (series.size() + perRow - 1) / perRow;
        double legendTop = plotBottom + 58;
        int height = (int) Math.ceil(legendTop + legendRows * LEGEND_ROW + 8);

        StringBuilder s = SvgFormat.open(WIDTH, height, title);
        for (double t : y.values()) {
            double ty = y.at(t, plotBottom, plotTop);
            SvgFormat.line(s, "grid", plotLeft, ty, plotRight, ty, SvgFormat.GRID);
            s.append("<text class=\"tick y-tick\" x=\"").append(num(plotLeft - 6)).append("\" y=\"").append(num(ty))
                    .append("\" dy=\"0.35em\" text-anchor=\"end\">").append(y.label(t)).append("</text>\n");
        }
        for (double t : x.values()) {
            double tx = x.at(t, plotLeft, plotRight);
            SvgFormat.line(s, "x-tick-mark", tx, plotBottom, tx, plotBottom + 5, SvgFormat.AXIS);
            SvgFormat.text(s, "tick x-tick", tx, plotBottom + 18, "middle", x.label(t));
        }
        SvgFormat.line(s, "axis", plotLeft, plotBottom, plotRight, plotBottom, SvgFormat.AXIS);
        SvgFormat.line(s, "axis", plotLeft, plotTop, plotLeft, plotBottom, SvgFormat.AXIS);
        SvgFormat.text(s, "x-label", (plotLeft + plotRight) / 2, plotBottom + 40, "middle", xLabel);
        s.append("<text class=\"y-label\" transform=\"translate(16,").append(num((plotTop + plotBottom) / 2))
                .append(") rotate(-90)\" text-anchor=\"middle\">").append(Markup.escape(yLabel)).append("</text>\n");
        if (empty) {
            SvgFormat.text(s, "empty", (plotLeft + plotRight) / 2, (plotTop + plotBottom) / 2, "middle", "no data");
        }

        for (int k = 0; k < series.size(); k++) {
            path(s, series.get(k), Palette.series(k), x, y, plotLeft, plotRight, plotTop, plotBottom);
        }
        for (int k = 0; k < series.size(); k++) {
            double lx = plotLeft + (k % perRow) * itemWidth;
            double ly = legendTop + (k / perRow) * LEGEND_ROW;
            s.append("<line class=\"legend-swatch\" x1=\"").append(num(lx)).append("\" y1=\"").append(num(ly - 4))
                    .append("\" x2=\"").append(num(lx + 24)).append("\" y2=\"").append(num(ly - 4))
                    .append("\" stroke=\"").append(Palette.series(k)).append("\" stroke-width=\"3\"/>\n");
            SvgFormat.text(s, "legend", lx + 30, ly, "start", series.get(k).name());
        }
        s.append("</svg>\n");
        return s.toString();
    }

    private static void path(StringBuilder s, Series sr, String colour, SvgFormat.Ticks x, SvgFormat.Ticks y,
                             double left, double right, double top, double bottom) {
        int n = sr.x().length;
        int drawn = Math.min(n, MAX_DRAWN);
        StringBuilder d = new StringBuilder(drawn * 16);
        StringBuilder dots = new StringBuilder();
        List<double[]> run = new ArrayList<>();
        for (int j = 0; j < drawn; j++) {
            int i = drawn == n ? j : (int) Math.round(j * (n - 1.0) / (drawn - 1));
            double v = sr.y()[i];
            if (Double.isNaN(v)) {
                flush(run, d, dots, colour);
            } else {
                run.add(new double[] {x.at(sr.x()[i], left, right), y.at(v, bottom, top)});
            }
        }
        flush(run, d, dots, colour);
        s.append("<g class=\"series\"><title>").append(Markup.escape(sr.name())).append("</title>\n");
        if (d.length() > 0) {
            s.append("<path class=\"line\" d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(colour)
                    .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"/>\n");
        }
        s.append(dots).append("</g>\n");
    }

    /** Ends a run of consecutive values: a line when it has two points or more, a dot for a lone point. */
    private static void flush(List<double[]> run, StringBuilder d, StringBuilder dots, String colour) {
        if (run.size() == 1) {
            // a lone point between gaps would be invisible as a path
            dot(dots, run.get(0)[0], run.get(0)[1], colour);
        } else {
            for (int k = 0; k < run.size(); k++) {
                d.append(k == 0 ? (d.length() == 0 ? "M" : " M") : " L").append(num(run.get(k)[0])).append(' ')
                        .append(num(run.get(k)[1]));
            }
        }
        run.clear();
    }

    private static void dot(StringBuilder s, double cx, double cy, String colour) {
        s.append("<circle class=\"point\" cx=\"").append(num(cx)).append("\" cy=\"").append(num(cy))
                .append("\" r=\"2.5\" fill=\"").append(colour).append("\"/>\n");
    }
}
