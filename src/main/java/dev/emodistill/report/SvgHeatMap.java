package dev.emodistill.report;

import java.util.List;

import static dev.emodistill.report.SvgFormat.CHAR_WIDTH;
import static dev.emodistill.report.SvgFormat.fixed;
import static dev.emodistill.report.SvgFormat.num;

/**
 * A heat map of a rows × columns matrix (e.g. train domain × test domain) whose cells are coloured on a sequential
 * scale and also carry their numbers (value and 95 % interval), so it can be read exactly and without colour
 * vision. Cells that were not run are grey and say so. A stepped colour scale with its range sits below. Inline SVG
 * only: the scale is drawn from rectangles, not a gradient, which would need a {@code url(#id)} reference.
 */
public final class SvgHeatMap {
    /** Decimals of the number written in each cell. */
    public static final int DECIMALS = 3;
    private static final int MAX_WIDTH = 900;
    private static final int MAX_CELL_WIDTH = 150;
    private static final int CELL_HEIGHT = 60;
    private static final int TOP = 84;
    private static final int SCALE_STEPS = 12;

    private SvgHeatMap() {
    }

    /**
     * Renders the heat map.
     *
     * @param values     {@code [row][column]}; NaN where not run
     * @param low        interval low ends, same shape; NaN for no interval
     * @param high       interval high ends
     * @param rowAxis    what the rows are, e.g. "trained on"
     * @param columnAxis what the columns are, e.g. "tested on"
     * @param scaleLabel what the colour measures
     */
    public static String render(String title, List<String> rows, List<String> columns, double[][] values,
                                double[][] low, double[][] high, String rowAxis, String columnAxis,
                                String scaleLabel) {
        return render(title, rows, columns, values, low, high, rowAxis, columnAxis, scaleLabel, Double.NaN,
                Double.NaN);
    }

    /**
     * As {@link #render(String, List, List, double[][], double[][], double[][], String, String, String)} with the
     * colour scale running from {@code scaleMin} to {@code scaleMax} instead of over this matrix's values, so that
     * several heat maps can share one scale and their colours compare. NaN for either end means the data's range.
     */
    public static String render(String title, List<String> rows, List<String> columns, double[][] values,
                                double[][] low, double[][] high, String rowAxis, String columnAxis,
                                String scaleLabel, double scaleMin, double scaleMax) {
        check(rows, columns, values, "values");
        check(rows, columns, low, "low");
        check(rows, columns, high, "high");
        if (Double.isInfinite(scaleMin) || Double.isInfinite(scaleMax)) {
            throw new IllegalArgumentException("scale ends must be finite or NaN");
        }
        double[] range = range(values);
        boolean any = range[0] <= range[1];
        double lo = Double.isNaN(scaleMin) ? range[0] : scaleMin;
        double hi = Double.isNaN(scaleMax) ? range[1] : scaleMax;
        if (hi < lo && Double.isFinite(lo) && Double.isFinite(hi)) {
            throw new IllegalArgumentException("scale [" + lo + ", " + hi + "] runs backwards");
        }
        if (Double.isInfinite(lo) || Double.isInfinite(hi)) {
            // no data to take a missing end from
            lo = 0;
            hi = 1;
        } else if (hi == lo) {
            // one distinct value: centre it on the ramp instead of dividing by zero
            lo -= 0.5;
            hi += 0.5;
        }

        int longest = Math.max(rowAxis.length(), rows.stream().mapToInt(String::length).max().orElse(4));
        double left = 24 + Math.min(40, longest) * CHAR_WIDTH;
        double cellWidth = Math.min(MAX_CELL_WIDTH, (MAX_WIDTH - left - 20) / Math.max(1, columns.size()));
        double gridRight = left + cellWidth * columns.size();
        double gridBottom = TOP + CELL_HEIGHT * rows.size();
        double scaleRight = left + Math.max(300, Math.min(gridRight - left, 360));
        int width = (int) Math.ceil(Math.max(gridRight, scaleRight) + 20);
        double scaleTop = gridBottom + 24;
        int height = (int) Math.ceil(scaleTop + 56);

        StringBuilder s = SvgFormat.open(width, height, title);
        SvgFormat.text(s, "column-axis", (left + gridRight) / 2, 48, "middle", columnAxis + " →");
        SvgFormat.text(s, "row-axis", left - 10, TOP - 8, "end", rowAxis + " ↓");
        for (int c = 0; c < columns.size(); c++) {
            SvgFormat.text(s, "column-label", left + (c + 0.5) * cellWidth, TOP - 8, "middle", columns.get(c));
        }
        for (int r = 0; r < rows.size(); r++) {
            double top = TOP + r * CELL_HEIGHT;
            s.append("<text class=\"row-label\" x=\"").append(num(left - 10)).append("\" y=\"")
                    .append(num(top + CELL_HEIGHT / 2.0)).append("\" dy=\"0.35em\" text-anchor=\"end\">")
                    .append(Markup.escape(rows.get(r))).append("</text>\n");
            for (int c = 0; c < columns.size(); c++) {
                cell(s, rows.get(r), columns.get(c), left + c * cellWidth, top, cellWidth, values[r][c], low[r][c],
                        high[r][c], (values[r][c] - lo) / (hi - lo));
            }
        }
        scale(s, left, scaleRight, scaleTop, lo, hi, any, scaleLabel);
        s.append("</svg>\n");
        return s.toString();
    }

    private static void cell(StringBuilder s, String row, String column, double x, double y, double w, double v,
                             double lo, double hi, double t) {
        boolean missing = Double.isNaN(v);
        String fill = missing ? Palette.MISSING : Palette.sequential(t);
        String ink = !missing && Palette.darkAt(t) ? "#ffffff" : "#1b1b1b";
        String interval = Double.isNaN(lo) ? "" : "[" + fixed(lo, DECIMALS) + ", " + fixed(hi, DECIMALS) + "]";
        String tooltip = row + " → " + column + ": "
                + (missing ? "not run" : fixed(v, DECIMALS) + (interval.isEmpty() ? "" : " 95 % CI " + interval));
        s.append("<rect class=\"cell\" x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(w)).append("\" height=\"").append(CELL_HEIGHT).append("\" fill=\"").append(fill)
                .append("\" stroke=\"#ffffff\" stroke-width=\"2\"><title>").append(Markup.escape(tooltip))
                .append("</title></rect>\n");
        double cx = x + w / 2;
        if (missing) {
            s.append("<text class=\"cell-missing\" x=\"").append(num(cx)).append("\" y=\"")
                    .append(num(y + CELL_HEIGHT / 2.0)).append("\" dy=\"0.35em\" text-anchor=\"middle\" fill=\"#666\">")
                    .append("not run</text>\n");
            return;
        }
        s.append("<text class=\"cell-value\" x=\"").append(num(cx)).append("\" y=\"").append(num(y + 27))
                .append("\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\" fill=\"").append(ink)
                .append("\">").append(fixed(v, DECIMALS)).append("</text>\n");
        if (!interval.isEmpty()) {
            s.append("<text class=\"cell-ci\" x=\"").append(num(cx)).append("\" y=\"").append(num(y + 46))
                    .append("\" text-anchor=\"middle\" font-size=\"10\" fill=\"").append(ink).append("\">")
                    .append(interval).append("</text>\n");
        }
    }

    private static void scale(StringBuilder s, double left, double right, double top, double lo, double hi,
                              boolean any, String label) {
        double step = (right - left) / SCALE_STEPS;
        for (int i = 0; i < SCALE_STEPS; i++) {
            double t = (i + 0.5) / SCALE_STEPS;
            s.append("<rect class=\"scale\" x=\"").append(num(left + i * step)).append("\" y=\"").append(num(top))
                    .append("\" width=\"").append(num(step + 0.5)).append("\" height=\"12\" fill=\"")
                    .append(Palette.sequential(t)).append("\"/>\n");
        }
        if (any) {
            SvgFormat.text(s, "scale-min", left, top + 26, "start", fixed(lo, DECIMALS));
            SvgFormat.text(s, "scale-max", right, top + 26, "end", fixed(hi, DECIMALS));
        }
        SvgFormat.text(s, "scale-label", (left + right) / 2, top + 44, "middle", any ? label : label + " (no data)");
    }

    /** The smallest and largest non-NaN value; {+inf, -inf} when there is none. */
    static double[] range(double[][] values) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double[] row : values) {
            for (double v : row) {
                if (!Double.isNaN(v)) {
                    lo = Math.min(lo, v);
                    hi = Math.max(hi, v);
                }
            }
        }
        return new double[] {lo, hi};
    }

    private static void check(List<String> rows, List<String> columns, double[][] grid, String what) {
        if (rows == null || columns == null || grid == null || grid.length != rows.size()) {
            throw new IllegalArgumentException(what + ": needs one row per row label");
        }
        for (int r = 0; r < grid.length; r++) {
            if (grid[r] == null || grid[r].length != columns.size()) {
                throw new IllegalArgumentException(what + ": row " + r + " needs one value per column");
            }
            for (double v : grid[r]) {
                if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException(what + ": values must be finite or NaN");
                }
            }
        }
    }
}
