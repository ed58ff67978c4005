package dev.emodistill.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Number formatting, axis ticks and the opening of a chart, shared by the SVG charts of the study report. */
final class SvgFormat {
    /** Rough advance of a 12 px sans-serif character; only used to leave room for labels. */
    static final double CHAR_WIDTH = 6.6;
    static final String AXIS = "#333";
    static final String GRID = "#e3e6ea";

    private SvgFormat() {
    }

    /** A coordinate: two decimals, a dot whatever the default locale. */
    static String num(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /** A data value for people: up to four significant decimals, no trailing zeros. */
    static String plain(double v) {
        if (Double.isNaN(v)) {
            return "n/a";
        }
        String t = String.format(Locale.ROOT, "%.4f", v);
        t = t.contains(".") ? t.replaceAll("0+$", "").replaceAll("\\.$", "") : t;
        return t.equals("-0") ? "0" : t;
    }

    /** A value with a fixed number of decimals ("-0.000" shown as "0.000"). */
    static String fixed(double v, int decimals) {
        String t = String.format(Locale.ROOT, "%." + decimals + "f", v);
        return t.matches("-0\\.?0*") ? t.substring(1) : t;
    }

    /**
     * The opening {@code <svg>} tag, its accessible {@code <title>} and the visible title. The namespace URL is an
     * identifier that is never fetched.
     */
    static StringBuilder open(int width, int height, String title) {
        StringBuilder s = new StringBuilder(8192);
        s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
                .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" role=\"img\" font-family=\"sans-serif\" font-size=\"12\">\n");
        s.append("<title>").append(Markup.escape(title)).append("</title>\n");
        s.append("<text class=\"chart-title\" x=\"").append(num(width / 2.0))
                .append("\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">")
                .append(Markup.escape(title)).append("</text>\n");
        return s;
    }

    /** A line segment with a class and a stroke colour. */
    static void line(StringBuilder s, String cls, double x1, double y1, double x2, double y2, String stroke) {
        s.append("<line class=\"").append(cls).append("\" x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1))
                .append("\" x2=\"").append(num(x2)).append("\" y2=\"").append(num(y2)).append("\" stroke=\"")
                .append(stroke).append("\"/>\n");
    }

    /** Text at a point; {@code anchor} is start, middle or end. */
    static void text(StringBuilder s, String cls, double x, double y, String anchor, String text) {
        s.append("<text class=\"").append(cls).append("\" x=\"").append(num(x)).append("\" y=\"").append(num(y))
                .append("\" text-anchor=\"").append(anchor).append("\">").append(Markup.escape(text))
                .append("</text>\n");
    }

    /**
     * An axis over round numbers: about {@code target} ticks at 1, 2 or 5 × 10^k spacing, from a multiple of the
     * step at or below {@code lo} to one at or above {@code hi}.
     */
    record Ticks(double min, double max, double step, List<Double> values) {
        static Ticks covering(double lo, double hi, int target) {
            if (!(hi > lo)) {
                // a flat series still needs a visible range around its one value
                double half = lo == 0 ? 1 : Math.abs(lo) * 0.1;
                lo -= half;
                hi += half;
            }
            double step = niceStep((hi - lo) / Math.max(1, target));
            double min = Math.floor(lo / step + 1e-9) * step;
            double max = Math.ceil(hi / step - 1e-9) * step;
            int count = (int) Math.round((max - min) / step);
            List<Double> values = new ArrayList<>(count + 1);
            for (int i = 0; i <= count; i++) {
                // index times step, not repeated addition: no drift in the labels
                values.add(min + i * step);
            }
            return new Ticks(min, max, step, List.copyOf(values));
        }

        /** The smallest 1, 2 or 5 × 10^k at least {@code raw}. */
        static double niceStep(double raw) {
            double power = Math.pow(10, Math.floor(Math.log10(raw)));
            for (double m : new double[] {1, 2, 5, 10}) {
                if (m * power >= raw * (1 - 1e-9)) {
                    return m * power;
                }
            }
            return 10 * power;
        }

        /** A tick's label with as many decimals as the step needs. */
        String label(double tick) {
            int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
            double v = Math.abs(tick) < step * 1e-6 ? 0 : tick;
            return String.format(Locale.ROOT, "%." + decimals + "f", v);
        }

        /** Maps a value in [min, max] linearly onto [from, to] (pixels; to may be below from). */
        double at(double v, double from, double to) {
            return from + (v - min) / (max - min) * (to - from);
        }
    }
}
